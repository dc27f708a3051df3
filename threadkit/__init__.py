"""threadkit: raw discussion documents → structured, validated JSON, mbox and TEI-XML archives.

Readers turn an input into one format-neutral :class:`~threadkit.model.Document`,
transforms refine it, writers serialise it::

    from threadkit import api
    doc = api.read_path("seeds/000_0d91296e416bf5fc.txt")
    print(api.write(doc, "json"))
"""

__version__ = "0.1.0"

#: The version of the JSON schema the JSON writer targets (schemas/threadkit-<v>.schema.json).
SCHEMA_VERSION = "1.0"
