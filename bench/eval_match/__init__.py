"""`make eval-match`: the name-screening evaluation, with nomenklatura's algorithms as peers, in one
run (bench/eval_match/__main__.py)."""
