"""`gmi bench`: speed on this computer, as medians and as ratios to a
reference measured in the same run (timings here are noisy; ratios travel).

One module per section (`store`, `startup`, `stimuli`, `schedule`, `timing`,
`mirror` with `tracking`, `report`, `bundle`, `clinic`), the runner in
`run`, shared timing helpers in `measure`, and every generated history in
`data` (written through the real journal writer). The package sits at the top
beside `gmi/cli.py`: the sections that paint (timing, mirror, report) use the
real Qt screens of `gmi.ui`, and nothing below imports this package.
"""
