"""Unit test of the default choice of scripts/inline-figures --grid
(utils/coroslim/figures/inline.py, test/scripts/inline-grid.test): the
smallest total .text among the settings that grow no program by more than
the limit, the smaller parameters on a tie, and none when every setting
grows some program too much."""

from coroslim.figures.inline import choose

off = {("a", "Os"): 1000, ("b", "Os"): 1000}
grid = {
    (1, 100): {("a", "Os"): 900, ("b", "Os"): 1000},   # 1900
    (1, 300): {("a", "Os"): 800, ("b", "Os"): 1030},   # 1830, b +3 %
    (2, 100): {("a", "Os"): 870, ("b", "Os"): 1020},   # 1890, b +2 %
    (2, 200): {("a", "Os"): 870, ("b", "Os"): 1021},   # 1891, b +2.1 %
    (3, 100): {("a", "Os"): 870, ("b", "Os"): 1020},   # same as (2, 100)
}
best, summary = choose(grid, off, 2.0)
print("best", best)
for s in sorted(summary):
    print("setting", s, "total %d worst %+.1f %s" % summary[s])
print("strict", choose(grid, off, 0.0)[0])
print("none", choose({(1, 300): grid[(1, 300)]}, off, 2.0)[0])
