"""The "before" of bench/memory.py: no preload, each worker loads fonts and jieba itself (what a
worker did on its first document before config/gunicorn.py)."""

preload_app = False


def post_worker_init(worker):
    from zhongshu.config.gunicorn import warm_up

    warm_up()
