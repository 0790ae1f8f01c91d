"""CLI sub-commands (METRICS.md §6). Each module exposes `register(subparsers)` which adds its
parser and sets `func=run` where `run(args, ctx) -> int`. `app.cli` loads the modules it lists.
"""
