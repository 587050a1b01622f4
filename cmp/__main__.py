from cmp.cli import main

raise SystemExit(main())
