"""A folder holding copies of one text, as users' folders do: the bundled speeches,
a traditional-script copy of one (the county office's: 两个确立, “参谋部” once) and
a portal's copy of another (junk lines around it, one paragraph lost). The
formulations count each text once (store/formulation_copies.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from jianghua.corpus.script import to_traditional

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "corpus" / "bundled"
COUNTY_FILE = "001_b4912c15c8048628.txt"  # 在县委办党支部2022年度组织生活会上的讲话
OTHER_FILE = "003_f98ef615eacbb84f.txt"
JUNK_HEAD = "首页 > 新闻中心 > 领导讲话\n当前位置：市人民政府门户网站首页领导活动领导讲话栏目\n【字体：大 中 小】【打印本页】【关闭窗口】\n"
JUNK_TAIL = ("\n相关阅读：\n关于进一步加强机关党建工作的通知全文发布\n市委办公室召开党支部书记述职评议会议纪要\n"
             "版权所有：某某市人民政府办公室主办单位联系方式网站地图\n")
TRADITIONAL = "traditional copy.txt"
PORTAL = "portal copy.txt"


def portal_copy(text: str) -> str:
    lines = text.splitlines()
    long = [i for i, line in enumerate(lines) if len(line) > 60]
    del lines[long[len(long) // 2]]  # one paragraph lost
    return JUNK_HEAD + "\n".join(lines) + JUNK_TAIL


def with_copies(dest: Path) -> Path:
    """The bundled speeches and two copies, in `dest`."""
    shutil.copytree(BUNDLED, dest)
    county = (BUNDLED / COUNTY_FILE).read_text(encoding="utf-8")
    (dest / TRADITIONAL).write_text(to_traditional(county), encoding="utf-8")
    (dest / PORTAL).write_text(portal_copy((BUNDLED / OTHER_FILE).read_text(encoding="utf-8")), encoding="utf-8")
    return dest
