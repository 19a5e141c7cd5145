from typeset.cli import main

main()
