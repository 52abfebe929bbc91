import sys

from zhongshu.gongwen.cli import main

sys.exit(main())
