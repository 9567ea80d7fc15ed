"""``python -m neuromanifold.cli``: the command line."""

from neuromanifold.cli import main

if __name__ == "__main__":
    main()
