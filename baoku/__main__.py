from baoku.cli import cli

cli()
