from helpers import SEED, excerpt

from indexer.cleaner import clean_page, should_merge, strip_notes
from indexer.reader import Page, read_sidecar
from indexer.splitter import split_page

SEED_MERGES = [
    ("区级工", "会加强年"),
    ("细", "化工作措施"),
    ("职工大", "学，评价组"),
    ("“产", "改”工作任务"),
    ("职工志", "愿者的热情"),
    ("三个", "乡镇户籍"),
    ("农村剩余", "劳动力提供"),
]


def seed_page() -> Page:
    return Page(id="page-2023-spring", text=SEED.read_text("utf-8"), **read_sidecar(SEED))


def test_seed_page_merges_exactly_the_seven_broken_paragraphs():
    clean = clean_page(seed_page())
    merged = [(m.left, m.right) for m in clean.merges]
    assert len(merged) == 7
    for (left, right), (want_left, want_right) in zip(merged, SEED_MERGES, strict=True):
        assert left.endswith(want_left)
        assert right.startswith(want_right)


def test_merged_block_holds_the_phrase_the_layout_broke():
    clean = clean_page(seed_page())
    assert any("区级工会加强年" in b.text for b in clean.blocks)


def test_offsets_point_back_into_the_raw_page():
    page = seed_page()
    for block in clean_page(page).blocks:
        assert len(block.offsets) == len(block.text)
        for ch, at in zip(block.text, block.offsets, strict=True):
            assert page.text[at] == ch or (ch == " " and page.text[at].isspace())


def test_headlines_and_credits_are_not_swallowed():
    assert not should_merge("上门义诊", "近日，北京建博海公司工会邀请中医诊疗师在公司范围内开展。")
    assert not should_merge("近日，他们举行了活动，职工参加", "实习记者 曹立栋 摄")


def test_a_staff_byline_printed_without_a_space_is_not_swallowed():
    # rmrb-19980105-09 『洋马』怎么变成了『海马』: the deck above the byline
    # ends with its picture note, the byline has no space after 记者.
    deck = (
        "日前，北京机动车拍卖中心拍卖的一批轿车引人注目。明明是日本马自达３２３型轿车，"
        "尾部却嵌着醒目的标牌：ＨＭＣ５０１０Ｘ（海马牌）———（附图片１张）"
    )
    assert not should_merge(deck, "本报记者赵志文")
    assert not should_merge("本报记者赵志文", "悄悄进京")


def test_a_lead_broken_off_its_paragraph_joins_it_again():
    # dev/noisy 19980107_03 (traditional characters): 本報訊 on a line of its
    # own, then 南京軍區某部引導官兵愛崗敬業… (rmrb-19980107-03).
    assert should_merge("本報訊", "南京軍區某部引導官兵愛崗敬業，立足山溝奉獻，部隊連續２９年安全無事故。")
    # rmrb-19980107-04: 据新华社北京一月六日电国务院副总理兼外长钱其琛…
    assert should_merge(
        "据新华社北京一月六日电", "国务院副总理兼外长钱其琛今天在京会见了伊拉克国民议会议长萨阿东·哈马迪。"
    )


def test_seed_page_items_have_kinds_titles_and_authors():
    items = split_page(clean_page(seed_page()))
    kinds = [(i.kind, i.title) for i in items]
    assert ("slogan", "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面") in kinds
    assert ("caption", "首都职工志愿服务“爱心·凝聚·力量”成果展示活动") in kinds
    assert ("credit", "实习记者 曹立栋 摄") in kinds
    assert ("photo", "上门义诊") in kinds
    volunteer = next(i for i in items if i.title == "首都职工志愿服务成果展示活动举行")
    assert volunteer.subtitle == "来自全市各区300余名职工志愿者齐聚一堂展示志愿风采"
    assert volunteer.author == "张晶"
    assert volunteer.paragraphs[0].startswith("本报讯（记者 张晶）")
    credit = next(i for i in items if i.kind == "credit")
    assert credit.attached_to == volunteer.id


def test_a_fragment_opening_with_a_word_that_leans_on_a_subject_goes_on_the_sentence():
    # rmrb-19980105-07 金融危机后痛定思痛东亚经济开始全面调整: 金融风暴 alone
    # read as a headline and cut the story in two.
    assert should_merge(
        "金融风暴", "还在持续。有关国家摆脱危机、促进经济早日复苏的唯一途径，就是全面展开经济调整。"
    )
    # rmrb-19980107-06: …举行的记者招待会 / 上表示，尽管他对利维的辞职感到遗憾
    assert should_merge(
        "内塔尼亚胡在利维宣布辞职后举行的记者招待会",
        "上表示，尽管他对利维的辞职感到遗憾，但他所领导的联合政府",
    )


def test_a_line_of_verse_opening_with_such_a_word_stays_a_line():
    # rmrb-19980110-06 树桩上的雪: verse opens its lines with 却, 还, 便.
    assert not should_merge("树桩上的雪呵，像是嘴唇", "却怎么也不能把心事说出")


def test_a_line_announcing_its_pictures_ends_a_headline_and_is_never_merged():
    # rmrb 1998-01-09, p. 9 (dev/plain of shared/eval): a two-line headline, its
    # second line broken at the column end, over the story's first paragraph.
    deck = "八十高龄亲率众学生在沪连演三场，然后又直奔北京（附图片１张）"
    assert should_merge("八十高龄亲率众学生在沪连演三场，然", "后又直奔北京（附图片１张）")
    assert not should_merge(deck, "周小燕歌剧中心，这个名字对音乐爱好者来说并不陌生。")


def test_a_signature_a_running_header_cut_in_two_is_joined_again():
    # rmrb 1998-01-06, p. 10 (dev/noisy of shared/eval): the running header
    # 人民日报 1998-01-06 第10版 fell inside the signature ———李卫斌（湖北）.
    assert should_merge("———李卫", "斌（湖北）", after_header=True)
    assert not should_merge("———李卫", "斌（湖北）")


def test_a_running_header_over_a_wide_gap_does_not_join_what_it_separates():
    # rmrb 1998-01-05, p. 6 (dev/noisy of shared/eval): a story's last picture
    # caption, the running header, a wide gap, and an untitled brief.
    clean = clean_page(Page(id="19980105_06-1", text=excerpt("noisy-19980105_06-1.txt")))
    assert [b.text[:6] for b in clean.blocks] == ["２、图为开罗", "以色列总理府"]
    assert [r.reason for r in clean.removed] == ["running header"]


def test_a_paragraph_ending_in_two_notes_ends_its_sentence():
    # rmrb 1998-01-05, p. 1 (dev/plain of shared/eval): a photo report's text ends
    # 。（新华社记者张鲁成摄）（传真照片）, and the next story's headline follows.
    text = (
        "山东省农业部门利用元旦假日送书下乡，深受广大农民欢迎。"
        "这是省农业部门在邹平县展销农业科技书籍。（新华社记者张鲁成摄）（传真照片）"
    )
    assert strip_notes(text).endswith("书籍。")
    assert not should_merge(text, "上海国内生产总值突破３０００亿元")


def test_a_fragment_opening_with_a_gloss_goes_on_the_word_it_glosses():
    # rmrb 1998-01-06, p. 1 (dev/plain of shared/eval): 因特网 / （Ｉｎｔｅｒｎｅｔ）引入中国….
    assert should_merge(
        "作为未来全球信息高速公路的雏形，因特网", "（Ｉｎｔｅｒｎｅｔ）引入中国不过两三年，但"
    )
    assert not should_merge("一、事件经过", "（一）国商银行成立于１９７２年")
    assert not should_merge("上门义诊", "（资料图片）")
