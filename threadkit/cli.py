"""The ``threadkit`` command line: argument parsing and printing only; the work is in :mod:`threadkit.api`.

Every failure is one line on stderr and a non-zero exit status, never a traceback
(set THREADKIT_DEBUG=1 to see one for an internal error): 3 for an input that cannot be
read, 1 for an output that cannot be written or that a writer failed to make.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

from threadkit import SCHEMA_VERSION, __version__, api
from threadkit.errors import InputError, ThreadkitError
from threadkit.files import printable_name
from threadkit.readers import READERS
from threadkit.writers import DEFAULT_FORMATS, SPLITS, WRITERS, get_writer
from threadkit.engines import ENGINES

EXIT_INTERNAL = 70


def _cmd_convert(args: argparse.Namespace) -> int:
    get_writer(args.to)  # an unknown format is refused before the input is read
    output = args.output if args.output and args.output != "-" else None
    if args.split and output is None:
        raise ThreadkitError(f"--split {args.split} writes a folder of files: name it with -o")
    # the document's name is printable: a name that is not UTF-8 must not reach the model
    name = "<stdin>" if args.input == "-" else printable_name(Path(args.input).name)
    data = api.convert_path(args.input, args.to, output, args.from_format, args.split, name)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def _cmd_detect(args: argparse.Namespace) -> int:
    from threadkit.detection import choose

    guesses = api.detect_path(args.input)
    for guess in guesses:
        reasons = "; ".join(guess.reasons) or "no sign of this format"
        print(f"{guess.score:4.2f}  {guess.format:<22} {reasons}")
    choose(guesses, str(args.input))  # raises for no match or a near tie
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from threadkit.validate import VALIDATORS, expand, validate_path

    files = expand(args.files)
    if not files:
        endings = ", ".join(ending for ending, _ in VALIDATORS)
        raise ThreadkitError(f"nothing to validate: no {endings} file found in " + ", ".join(args.files))
    bad = 0
    for path in files:
        problems = validate_path(path)
        if problems:
            bad += 1
            for problem in problems[:50]:
                print(problem, file=sys.stderr)
            if len(problems) > 50:
                print(f"{path}: ... and {len(problems) - 50} more problems", file=sys.stderr)
        elif not args.quiet:
            print(f"{path}: valid")
    if not args.quiet or bad:
        print(f"{len(files) - bad} valid, {bad} invalid", file=sys.stderr if bad else sys.stdout)
    return 1 if bad else 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from threadkit.batch import DEFAULT_TIMEOUT, run_batch

    # "-t json -t tei" and "-t json,tei" alike: a repeated option once kept only its last value
    wanted = [f.strip() for value in (args.to or [",".join(DEFAULT_FORMATS)]) for f in value.split(",") if f.strip()]
    formats = list(dict.fromkeys(wanted))
    for name in formats:
        get_writer(name)
    if args.jobs is not None and args.jobs < 1:
        raise ThreadkitError(f"--jobs must be 1 or more, not {args.jobs}")
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    if not timeout >= 0:  # NaN too
        raise ThreadkitError(f"--timeout must be 0 (no limit) or more, not {timeout:g}")
    if args.scheduler and args.engine != "dask":
        raise ThreadkitError("--scheduler names a dask cluster's scheduler: it needs --engine dask")
    if not args.shard_size > 0:  # NaN too
        raise ThreadkitError(f"--shard-size must be more than 0 MB, not {args.shard_size:g}")
    with api.fewer_collections():  # (inherited by the forked workers)
        return run_batch(
            Path(args.input_dir), Path(args.output_dir), formats,
            from_format=args.from_format, quiet=args.quiet, jobs=args.jobs, force=args.force,
            timeout=timeout if 0 < timeout < float("inf") else None,
            engine=args.engine, scheduler=args.scheduler, shard_bytes=round(args.shard_size * (1 << 20)),
        )


def _cmd_formats(args: argparse.Namespace) -> int:
    print("input formats (--from; detected from the content when not given):")
    for name, module in READERS.items():
        print(f"  {name:<22} {module.DESCRIPTION}")
        print(f"  {'':<22} files: {', '.join(module.PATTERNS)}")
    print("output formats (--to):")
    for name, module in WRITERS.items():
        print(f"  {name:<22} {module.EXTENSION:<16} {module.DESCRIPTION}")
    return 0


#: One example per command, shown at the end of its --help.
EXAMPLES = {
    "convert": "threadkit convert thread.txt -t tei -o thread.tei.xml\n"
               "  threadkit convert list.mbox.gz -t jsonl -o list.jsonl      # any size: it streams\n"
               "  threadkit convert list.mbox -t mbox --split thread -o threads/",
    "detect": "threadkit detect saved-page.html",
    "validate": "threadkit validate out/            # every output threadkit wrote in the folder",
    "batch": "threadkit batch seeds out -t json,html -j 4\n"
             "  threadkit batch archives out -t jsonl,parquet --engine dask --scheduler tcp://10.0.0.5:8786",
    "formats": "threadkit formats",
}


def _subcommand(sub, name: str, help: str) -> argparse.ArgumentParser:
    """A command's parser, its example at the end of its --help."""
    return sub.add_parser(name, help=help, description=help[:1].upper() + help[1:] + ".",
                          epilog="example:\n  " + EXAMPLES[name], formatter_class=argparse.RawDescriptionHelpFormatter)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="threadkit",
        description="Turn raw discussion documents into structured JSON, mbox and TEI-XML archives.",
    )
    parser.add_argument("--version", action="version", version=f"threadkit {__version__} (schema {SCHEMA_VERSION})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _subcommand(sub, "convert", "convert one document")
    p.add_argument("input", metavar="INPUT", help="the raw document, or - for standard input")
    p.add_argument("-f", "--from", dest="from_format", metavar="FORMAT", help="input format (default: detected)")
    p.add_argument("-t", "--to", default="json", metavar="FORMAT", help="output format (default: json)")
    p.add_argument("-o", "--output", metavar="OUTPUT", help="output file, or folder with --split (default: standard output)")
    p.add_argument("--split", choices=SPLITS, help="one output file per thread, in the folder -o names, with an index.json")
    p.set_defaults(func=_cmd_convert)

    p = _subcommand(sub, "detect", "rank the input formats a document may be in")
    p.add_argument("input", metavar="FILE")
    p.set_defaults(func=_cmd_detect)

    p = _subcommand(sub, "validate", "check outputs against the bundled schemas")
    p.add_argument("files", nargs="+", metavar="FILE", help="output files or folders")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.set_defaults(func=_cmd_validate)

    p = _subcommand(sub, "batch", "convert every file of a folder")
    p.add_argument("input_dir", metavar="INPUT_DIR")
    p.add_argument("output_dir", metavar="OUTPUT_DIR")
    p.add_argument("-t", "--to", action="append", metavar="FORMATS",
                   help=f"output formats, comma-separated or the option repeated (default: {','.join(DEFAULT_FORMATS)}; also: "
                        f"{','.join(sorted(set(WRITERS) - set(DEFAULT_FORMATS)))})")
    p.add_argument("-f", "--from", dest="from_format", metavar="FORMAT", help="input format for every file (default: detected)")
    p.add_argument("-j", "--jobs", type=int, metavar="JOBS", help="worker processes (default: all cores)")
    p.add_argument("--force", action="store_true", help="convert again even the files whose outputs are up to date")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="time limit per file, for each 100 MB of it begun: past it the file's worker is killed and the file reported as failed (default: 600; 0: no limit)")
    p.add_argument("--engine", choices=ENGINES, default="local", help="where the files are converted: local worker processes (default), or a dask.distributed cluster (pip install 'threadkit[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: the scheduler of a running cluster (tcp://HOST:PORT); default: a local cluster of --jobs workers")
    p.add_argument("--shard-size", type=float, default=256, metavar="MB",
                   help="a mail archive larger than this, wanted in outputs made of parts (jsonl), is cut in shards of "
                        "about this size converted on several workers (default: 256)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar; print failures and the summary only")
    p.set_defaults(func=_cmd_batch)

    p = _subcommand(sub, "formats", "list the input and output formats")
    p.set_defaults(func=_cmd_formats)
    return parser


def run() -> NoReturn:
    """The ``threadkit`` program: :func:`main`, then the exit (:func:`end`).

    What the command made is left to the end of the process, not freed: the document a
    conversion held (:data:`threadkit.api.LEFT_TO_EXIT`), and the objects still alive (the
    modules, their compiled patterns, the language packs), over which the interpreter's last
    act was a pass of the cyclic garbage collector (20-45 ms of a 1 s conversion, to free
    nothing that needs freeing): frozen. What does need closing (an output, a spool) is
    closed when written, not by the collector.
    """
    api.LEFT_TO_EXIT = []
    status = main()
    gc.freeze()
    end(status)


def end(status: int) -> NoReturn:
    """End the process with ``status``: the functions registered with :mod:`atexit` run and
    the standard streams are flushed, then the process ends without the interpreter's
    teardown, which frees every module and object one by one (some 13 M instructions of a
    conversion) for the system to take back the memory anyway.

    A process with another thread still running, or whose standard streams cannot be
    flushed, ends the usual way (the interpreter waits for the thread, and says why the
    flush failed, as ever).
    """
    import atexit
    import threading

    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()  # (what the interpreter's exit runs first; each runs once)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        sys.exit(status)
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ThreadkitError as exc:
        print(f"threadkit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("threadkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # What commands write is caught where they write it; any other OSError is an input
        # that vanished, is a folder, is not readable...: the user's input, not a bug.
        where = f"{printable_name(os.fsdecode(exc.filename))}: " if exc.filename is not None else ""
        print(f"threadkit: error: {where}cannot read ({exc.strerror or exc})", file=sys.stderr)
        return InputError.exit_code
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("THREADKIT_DEBUG"):
            raise
        print(f"threadkit: internal error: {type(exc).__name__}: {exc} (set THREADKIT_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL
