from heldback.cli import main

raise SystemExit(main())
