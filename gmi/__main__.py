from gmi.cli import main

raise SystemExit(main())
