"""Benchmarks of the compendium's two felt loops: an editor's save-to-preview and the publishing build.

    python bench/run.py                 all scales (1x, 10x, 100x), written to BENCHMARKS.md
    python bench/synthetic.py 10 DIR    write 10x the real content into DIR
"""
