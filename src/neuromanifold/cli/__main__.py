"""python -m neuromanifold.cli"""

from neuromanifold.cli import main

main()
