from typeset.cli.main import main

main()
