"""The application without Qt: typed journal records, one session object per
stage, the day's flow, the camera session and the one runner of background
work. `gmi/ui` shows its state and passes input on; `gmi/cli.py` drives it
headless (`gmi demo`)."""
