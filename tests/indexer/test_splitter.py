"""The splitter on the real seed page and on real People's Daily text."""

from __future__ import annotations

import json

from helpers import CORPUS, SEED

from indexer.cleaner import Block, clean_page, role_of
from indexer.reader import Page, read_sidecar
from indexer.splitter import (
    Article,
    author_from_lead,
    closes_text,
    coheres,
    field_lines,
    is_banner,
    is_person_name,
    is_signature,
    is_signoff,
    is_subheading,
    names_a_work,
    pictures_announced,
    signs_a_piece,
    split_page,
    trails,
)

SEED_GOLD = SEED.parent / "page-2023-spring.gold.json"


def seed_page() -> Page:
    return Page(id="page-2023-spring", text=SEED.read_text("utf-8"), **read_sidecar(SEED))


def seed_items() -> tuple[Article, ...]:
    return split_page(clean_page(seed_page()))


def test_seed_page_gives_its_five_stories_with_their_titles_and_authors():
    stories = [
        (a.kind, a.title, a.subtitle, a.author) for a in seed_items() if a.kind in ("article", "photo")
    ]
    assert stories == [
        ("article", "全国总工会赴门头沟调研“县级工会加强年”专项工作", None, "周美玉"),
        ("article", "市推进产业工人队伍建设改革工作评价组赴东城调研", None, "边磊"),
        (
            "article",
            "首都职工志愿服务成果展示活动举行",
            "来自全市各区300余名职工志愿者齐聚一堂展示志愿风采",
            "张晶",
        ),
        ("photo", "上门义诊", None, "边磊"),
        ("article", "密云太师屯镇总工会举办春季招聘会", None, "王路曼"),
    ]


def test_seed_banner_caption_and_credit_are_their_own_items_attached_to_their_story():
    items = seed_items()
    by_kind = {a.kind: a for a in items}
    volunteer = next(a for a in items if a.title == "首都职工志愿服务成果展示活动举行")
    assert by_kind["slogan"].title == "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面"
    assert by_kind["caption"].title == "首都职工志愿服务“爱心·凝聚·力量”成果展示活动"
    assert by_kind["caption"].attached_to == volunteer.id
    assert by_kind["credit"].title == "实习记者 曹立栋 摄"
    assert by_kind["credit"].attached_to == volunteer.id
    assert by_kind["photo"].credit == "本报记者 边磊 摄影报道"


def test_lead_stays_at_the_start_of_the_body_as_printed():
    first = next(a for a in seed_items() if a.kind == "article")
    assert first.paragraphs[0].startswith("本报讯（记者 周美玉）近日，")


def test_ids_follow_page_position():
    items = seed_items()
    assert [a.id for a in items] == [f"page-2023-spring/a{n}" for n in range(1, len(items) + 1)]
    assert [a.position for a in items] == list(range(1, len(items) + 1))


def test_joins_point_at_the_merged_line_breaks_in_the_body():
    clean = clean_page(seed_page())
    merged = {(m.left[-3:], m.right[:3]) for m in clean.merges}
    joined = set()
    for item in split_page(clean):
        for j in item.joins:
            assert "\n" not in item.body[j - 1 : j + 1]
            joined.add((item.body[j - 3 : j], item.body[j : j + 3]))
    assert joined == merged
    assert ("区级工", "会加强") in joined


def test_raw_text_is_the_span_of_the_page_the_item_came_from():
    page = seed_page()
    for item in seed_items():
        assert item.raw_text is not None and item.raw_text in page.text
        assert item.raw_text.startswith(item.title or item.paragraphs[0][:4])
    photo = next(a for a in seed_items() if a.kind == "photo")
    assert photo.raw_text.endswith("本报记者 边磊 摄影报道")


def test_article_json_round_trip_keeps_every_field():
    for item in seed_items():
        data = json.loads(json.dumps(item.to_json(), ensure_ascii=False))
        assert Article.from_json(data) == item


def test_byline_on_its_own_line_names_the_author_and_stays_out_of_the_body():
    # 19980106_09 (corpus/rmrb1998): a feature whose byline stands on its own line.
    text = "\n\n".join(
        [
            "英雄不悔少年时",
            "本报记者 张帆",
            "新年伊始，我们开辟《无悔人生》专栏，陆续介绍一批昔日的英雄模范人物。",
        ]
    )
    (story,) = split_page(clean_page(Page(id="p", text=text)))
    assert story.author == "张帆"
    assert story.byline == "本报记者 张帆"
    assert story.paragraphs == ("新年伊始，我们开辟《无悔人生》专栏，陆续介绍一批昔日的英雄模范人物。",)


def test_numbered_subheadings_stay_inside_their_story():
    page = next(
        Page(id=p.stem, text=p.read_text("utf-8"))
        for p in sorted((CORPUS / "rmrb1998").glob("*.txt"))
        if "一、企业集团发展贪大图快" in p.read_text("utf-8")
    )
    items = split_page(clean_page(page))
    assert not any(a.title.startswith(("一、", "二、")) for a in items)
    story = next(a for a in items if any(p.startswith("一、企业集团发展贪大图快") for p in a.paragraphs))
    assert story.title == "目前企业集团发展值得注意的几个问题"


def test_subheading_shapes():
    assert is_subheading("三、过分追求多元化经营")
    assert is_subheading("原因之三：管理弊端多")
    assert not is_subheading("邱娥国（附图片１张）")
    assert not is_subheading("全总致全国各族职工慰问信")


# rmrb-19980101-03-005 (corpus/rmrb1998-dev.jsonl): one story gathering
# dispatches from several capitals, each paragraph group opening with a lead.
DISPATCHES = [
    "外国政要回首１９９７年",
    "据新华社莫斯科１２月３０日电（记者张铁柱）俄罗斯总统叶利钦３０日指出，在即将过去的１９９７年里，俄经济停止了下滑趋势。",
    "叶利钦是在接受莫斯科新闻媒体的联合采访时发表上述看法的。",
    "新华社波恩１２月３０日电（记者吕鸿）德国外长金克尔３０日在此间向新闻界发表讲话，认为欧洲取得全面成就。",
]


def test_leads_inside_one_story_do_not_cut_it_when_spacing_says_one_story():
    (story,) = split_page(clean_page(Page(id="p", text="\n\n".join(DISPATCHES))))
    assert story.title == "外国政要回首１９９７年"
    assert story.paragraphs[-1].startswith("新华社波恩")


def test_a_lead_set_off_by_a_wide_gap_opens_an_untitled_story():
    text = "\n\n".join(DISPATCHES[:3]) + "\n\n\n\n" + DISPATCHES[3]
    first, second = split_page(clean_page(Page(id="p", text=text)))
    assert first.title == "外国政要回首１９９７年"
    assert second.title == "" and second.paragraphs == (DISPATCHES[3],)


def test_without_empty_lines_between_paragraphs_a_lead_still_opens_a_story():
    first, second = split_page(clean_page(Page(id="p", text="\n".join(DISPATCHES))))
    assert second.paragraphs[0].startswith("新华社波恩")


def test_an_exclaimed_headline_over_a_lead_is_a_title():
    # rmrb-19980104-04-005: 如此美容美发店！ follows the story above it.
    text = "\n\n".join(
        [
            "１９９７大地震减少伤亡者增多",
            "去年全球共发生了１７次大地震，比１９９６年的２１次要少。",
            "如此美容美发店！",
            "本报讯（记者 李吉）在湖南省长沙市五一路芙蓉宾馆西侧，有一溜美容美发店。",
        ]
    )
    first, second = split_page(clean_page(Page(id="p", text=text)))
    assert first.paragraphs == ("去年全球共发生了１７次大地震，比１９９６年的２１次要少。",)
    assert (second.title, second.author) == ("如此美容美发店！", "李吉")


def test_photo_news_without_a_headline_is_the_text_a_wide_gap_sets_off_above_its_credit():
    # 19980103_03-1 of the evaluation layout: an untitled photo report below a story.
    story = "\n\n".join(DISPATCHES[:3])
    text = (
        story
        + "\n\n\n\n"
        + "中国首次制造和首批出口的８０多个多用途液体罐式集装箱顺利通过验收。"
        + "\n\n本报记者 谢强立 摄影报道"
    )
    first, photo = split_page(clean_page(Page(id="p", text=text)))
    assert first.kind == "article" and len(first.paragraphs) == 2 and first.credit is None
    assert (photo.kind, photo.title, photo.author) == ("photo", "", "谢强立")
    assert photo.paragraphs == ("中国首次制造和首批出口的８０多个多用途液体罐式集装箱顺利通过验收。",)


def test_a_spaced_banner_over_an_untitled_story_is_the_page_slogan():
    text = "\n\n".join(["深化改革 扩大开放 促进发展 保持稳定", DISPATCHES[3]])
    slogan, story = split_page(clean_page(Page(id="p", text=text)))
    assert (slogan.kind, slogan.title) == ("slogan", "深化改革 扩大开放 促进发展 保持稳定")
    assert (story.kind, story.title, story.paragraphs) == ("article", "", (DISPATCHES[3],))


def test_banner_shapes():
    assert is_banner("高举邓小平理论伟大旗帜 把建设有中国特色社会主义事业全面推向二十一世纪")
    assert not is_banner("记者 周美玉")
    assert not is_banner("外国政要回首１９９７年")


def test_a_paragraph_between_two_wide_gaps_is_an_untitled_brief():
    # 19980103_03-1 of the evaluation layout: briefs without headlines
    # (rmrb-19980103-03-017, -018) below a titled story.
    briefs = [
        "日本新能源财团最近发表的调查报告表明，日本新能源事业取得了新进展。",
        "德国自１日起取消了已有１２５年历史的联邦邮电部，邮电系统改革进入全新的阶段。",
    ]
    text = "\n\n".join(DISPATCHES[:3]) + "".join("\n\n\n\n" + b for b in briefs)
    text += "\n\n\n\n" + "\n\n".join(["１９９７大地震减少伤亡者增多", "去年全球共发生了１７次大地震。"])
    story, first, second, last = split_page(clean_page(Page(id="p", text=text)))
    assert len(story.paragraphs) == 2
    assert (first.title, first.paragraphs) == ("", (briefs[0],))
    assert (second.title, second.paragraphs) == ("", (briefs[1],))
    assert last.title == "１９９７大地震减少伤亡者增多"


def test_a_column_heading_after_a_story_opens_a_new_item_however_short():
    # 19980105_07: 图片新闻 over numbered photo reports, below another story.
    text = "\n\n".join(
        [
            "银行越并越大",
            "１９９７年１２月８日，瑞士三大银行中的两家宣布合并，组成世界第二大银行。",
            "图片新闻",
            "１、今年新年夜，德国波恩市礼花争艳。（新华社记者黄文摄）",
        ]
    )
    story, column = split_page(clean_page(Page(id="p", text=text)))
    assert story.title == "银行越并越大" and len(story.paragraphs) == 1
    assert column.title == "图片新闻"
    assert column.paragraphs == ("１、今年新年夜，德国波恩市礼花争艳。（新华社记者黄文摄）",)


def test_bulleted_lines_below_a_headline_open_its_body():
    # rmrb-19980105-05-... (dev page 19980105_05-0): two bulleted summary lines.
    text = "\n\n".join(
        [
            "五百院士评点科技风云",
            "●克隆羊多利火星登陆原子激光震惊世界",
            "●转基因水稻三峡截流纳米技术轰动神州",
            "本报北京１月４日讯记者杨健报道：刚刚过去的１９９７年中，科技界可谓成果不断，热闹非凡。",
        ]
    )
    (story,) = split_page(clean_page(Page(id="p", text=text)))
    assert story.title == "五百院士评点科技风云" and story.subtitle is None
    assert story.paragraphs[:2] == (
        "●克隆羊多利火星登陆原子激光震惊世界",
        "●转基因水稻三峡截流纳米技术轰动神州",
    )


def test_a_page_opening_with_a_headline_and_its_author_has_no_slogan():
    # rmrb-19980101-07-...: 唱国歌与写杂文 / 胡昭衡 opens its page.
    text = "\n\n".join(
        [
            "唱国歌与写杂文",
            "胡昭衡",
            "新年１９９８。如按江湖中流行的以撞运气发横财的谐音骗术来说，可以称为“你久久发”。",
        ]
    )
    (story,) = split_page(clean_page(Page(id="p", text=text)))
    assert (story.kind, story.title, story.subtitle) == ("article", "唱国歌与写杂文", "胡昭衡")


# rmrb-19980105-03 济南交警带头人 (corpus/rmrb1998-dev.jsonl), its first
# paragraphs and its first in-story section.
JINAN = [
    "１９９５年１０月１６日，当山东省济南市公安局副局长兼交警支队支队长李长水，庄重地从公安部长手中接过江泽民总书记为济南交警亲笔题写的“严格执法，热情服务”的题词时，这位在公安战线上摸爬滚打了３０多年的老党员，感到自己身上的担子更重了。",
    "近４０年来，李长水无论在什么岗位上，总是把群众的利益、党的事业放在首位。特别是这些年来，他在交警的领导岗位上，更是恪尽职守，倾注了自己的心血，终于带出了一支过硬的队伍。济南交警成为全国公安战线的一面旗帜，成为全国“窗口”行业的表率。",
    "换个思路抓管理",
    "李长水上任时，面对的是行路难、行车难、执法难等一大堆交通管理难题。",
    "道路两旁乱摆摊点、违章建筑乱占道是影响道路秩序的老大难。李长水首先从这方面动大手术。他改变过去只顾驱赶、不顾商贩生活出路的做法，带领各大队领导与城建、工商等部门协调，积极为商贩找“新窝”。对占道摊贩，引进商业点；对在农贸市场的违章占道，耐心劝导和依法强行拆除相结合，劝回市场合法经营；对沿街流动叫卖的摊贩实行拉网式清理，“网”进农贸市场定点经营。李长水一再要求民警，不得伤害群众利益。经过艰苦的努力，清除违章占道摊点２５６８个，清理出可行路面８万多平方米。道路通了，领导满意了，群众满意了，支队荣立了集体二等功。",
    "重塑交警新形象",
    "整顿道路的成功，使李长水信心倍增。他意识到：“交警执勤形象直接代表着党和政府的形象。”于是，他做出了第二个大动作，重塑交警新形象。",
]


def test_a_head_whose_section_names_the_story_s_own_matters_is_a_subheading():
    # 给闲暇一个迷人的空间——游乐业现状透视: its section “金字塔”尚未形成
    # goes on about 游乐业, 游乐园, 游艺机.
    page = next(
        Page(id=p.stem, text=p.read_text("utf-8"))
        for p in sorted((CORPUS / "rmrb1998").glob("*.txt"))
        if "“金字塔”尚未形成" in p.read_text("utf-8")
    )
    items = split_page(clean_page(page))
    assert not any(a.title == "“金字塔”尚未形成" for a in items)
    story = next(a for a in items if "“金字塔”尚未形成" in a.paragraphs)
    assert story.title.startswith("给闲暇一个迷人的空间")


def test_a_head_over_a_story_on_other_matters_is_a_new_title():
    text = "\n\n".join(["济南交警带头人", *JINAN[:5], *DISPATCHES])
    *_, last = split_page(clean_page(Page(id="p", text=text)))
    assert last.title == "外国政要回首１９９７年"


def rmrb_items(needle: str) -> tuple[Article, ...]:
    """The items of the corpus/rmrb1998 page whose text holds `needle`."""
    page = next(
        Page(id=p.stem, text=p.read_text("utf-8"))
        for p in sorted((CORPUS / "rmrb1998").glob("*.txt"))
        if needle in p.read_text("utf-8")
    )
    return split_page(clean_page(page))


def story_holding(items: tuple[Article, ...], paragraph: str) -> Article:
    return next(a for a in items if paragraph in a.paragraphs)


def test_sections_that_keep_naming_the_story_s_matters_stay_in_it():
    # rmrb-19980105-03-xxx 济南交警带头人: each section goes on about 李长水 and
    # 交警; the second and third share two rare words with the story above.
    items = rmrb_items("重塑交警新形象")
    story = story_holding(items, "重塑交警新形象")
    assert story.title == "济南交警带头人"
    assert "当好人民公仆" in story.paragraphs


def test_a_short_subheading_needs_one_rare_word_in_common():
    # 山东集中投入智力扶贫 (1998-01-10, p. 7): 换个思路找出路 (7 characters) heads
    # a section on 滨州 and 巾帼 like the lead above it.
    items = rmrb_items("换个思路找出路")
    story = story_holding(items, "换个思路找出路")
    assert story.title == "山东集中投入智力扶贫"
    assert "智力扶贫强素质" in story.paragraphs
    assert not any(a.title in ("换个思路找出路", "智力扶贫强素质") for a in items)


def test_a_signature_under_a_paragraph_stays_with_the_text_above():
    # 源于实践的思考 (1998-01-06, p. 10): six readers' pieces, each signed
    # ———王文西（山东）; the last signature sits right above the next headline.
    items = rmrb_items("———王文西（山东）")
    story = story_holding(items, "———王文西（山东）")
    assert story.title == "源于实践的思考"
    assert story.paragraphs[-1] == "———李东旭马丽静（辽宁）"
    assert not any(a.title.startswith("—") for a in items)
    assert any(a.title.startswith("鲜血和生命写成的历史") for a in items)


def test_signoff_shapes():
    assert is_signoff("———全清波李晓辉（河南）")
    assert is_signoff("——编者")
    assert not is_signoff("——记国家科技扶贫“振华奖”获得者刘我成")
    assert not is_signoff("——记刘我成")
    assert not is_signoff("———在全国语言文字工作会议上的书面讲话")


def test_captions_listed_under_a_picture_label_stay_in_their_story():
    # 生肖篆刻：和合雅俗的魅力（附图片６张） (1998-01-08, p. 11) ends with
    # 图片： and two caption lines; the headline right below them, over its
    # own text, opens the next story although six pictures were announced.
    items = rmrb_items("百牛迎春")
    story = story_holding(items, "百牛迎春")
    assert story.title.startswith("生肖篆刻")
    assert story.paragraphs[-3:] == ("图片：", "百牛迎春", "百虎撼岳")
    after = items[items.index(story) + 1]
    assert after.title.startswith("给闲暇一个迷人的空间")


def test_pictures_a_title_announces():
    assert pictures_announced("追求崇高——九七年主题性美术创作点评（附图片５张）") == 5
    assert pictures_announced("伟大的军事家周恩来（附图片十二张）") == 12
    assert pictures_announced("年底能不能下基层") == 1


def test_place_names_over_the_dispatches_of_a_roundup_stay_in_it():
    # 东亚货币继续贬值 (1998-01-07, p. 7) opens with 本报曼谷１月５日电, then
    # 菲律宾, 日本, 印尼 and 韩国, each over a 新华社 dispatch from there.
    items = rmrb_items("东亚 货币继续贬值")
    story = story_holding(items, "日本")
    assert story.title == "东亚 货币继续贬值"
    assert {"菲律宾", "日本", "印尼", "韩国"} <= set(story.paragraphs)
    assert not any(a.title in ("菲律宾", "日本", "印尼", "韩国") for a in items)


def test_a_short_headline_over_a_lead_below_a_story_without_dateline_is_a_title():
    # 学金融 (rmrb-19980105-10-003) is a column's three-character headline;
    # here it heads a dispatch below a story that opened with no dateline.
    text = "\n\n".join(["济南交警带头人", *JINAN[:2], "学金融", *DISPATCHES[1:3]])
    *_, last = split_page(clean_page(Page(id="p", text=text)))
    assert last.title == "学金融"


def test_a_page_without_spacing_asks_more_of_a_subheading():
    # 重塑交警新形象 shares one rare word (李长水) with the story above: enough
    # for a short head on a spaced page, not on text rebuilt from OCR lines.
    def block(text: str) -> Block:
        return Block(text, tuple(range(len(text))), role_of(text), (0,))

    head, section, story = block(JINAN[5]), [block(JINAN[6])], [block(t) for t in JINAN[:5]]
    assert coheres(head, section, story)
    assert not coheres(head, section, story, spaced=False)


def test_a_picture_announcement_on_a_deck_line_leaves_the_headline_above_it():
    # 戏剧界专家盛赞《虎踞钟山》 (1998-01-10, p. 1): the line below the headline
    # ends with （附图片２张）; the headline stays the title.
    story = next(a for a in rmrb_items("戏剧界专家盛赞") if "虎踞钟山" in a.title)
    assert story.title == "戏剧界专家盛赞《虎踞钟山》"
    assert story.subtitle == "以思想性艺术性观赏性的统一真实表现了一个时代（附图片２张）"


def test_lines_that_close_a_story_are_not_headlines():
    assert trails("希望有关部门采取措施，保护三清山！（江西玉山县李芳琴）")
    assert trails("［附记：菡子著《重逢日子》即将由中国文联出版公司列入“当代女作家丛书”出版］")
    assert trails("１９９７年岁暮")
    assert not trails("江泽民观看话剧《虎踞钟山》")
    assert not trails("全国政协举行新年茶话会欢聚一堂庆佳节团结一致展宏图")


def test_a_photo_report_credit_in_traditional_characters_makes_photo_news():
    # corpus/rmrb1998/19980105_03-1.txt is printed in traditional characters.
    items = rmrb_items("本報記者 金秀剛 攝影報道")
    photo = next(a for a in items if a.credit == "本報記者 金秀剛 攝影報道")
    assert photo.kind == "photo"
    assert photo.author == "金秀剛"
    assert photo.paragraphs[0].startswith("本報訊北空各級後勤")


def test_a_byline_line_under_a_story_s_deck_stays_in_the_story():
    # 国产数字彩电来了 (1998-01-05, p. 9): one paragraph, then 本报记者王政,
    # then the rest of the story.
    items = rmrb_items("本报记者王政")
    story = story_holding(items, "本报记者王政")
    assert story.title == "国产数字彩电来了"
    assert story.paragraphs[1] == "本报记者王政"
    assert story.paragraphs[2].startswith("去年12月16日")
    assert story.author == "王政"


def test_a_bare_attribution_below_a_caption_is_not_an_item():
    # 纪念周恩来百年诞辰 (1998-01-08, p. 1): its caption 图为在北京新闻发展总公司
    # 门前… is followed by （本报记者张悦摄）, which belongs to the story.
    items = rmrb_items("（本报记者张悦摄）")
    story = story_holding(items, "（本报记者张悦摄）")
    assert story.title == "纪念周恩来百年诞辰"
    assert not any(a.paragraphs == ("（本报记者张悦摄）",) for a in items)


def test_an_author_s_name_below_the_headline_ends_the_headline():
    # 回眸九七：增长质量改善展望九八：继续保持增势 (1998-01-05, p. 9): the
    # author 李琨 on a line of its own, then the first section's subheading.
    story = next(a for a in rmrb_items("回眸九七") if "回眸九七" in a.title + a.body[:10])
    assert story.title == "回眸九七：增长质量改善展望九八：继续保持增势"
    assert story.paragraphs[:2] == ("李琨", "经济增长质量明显改善")


def test_person_name_lines():
    assert is_person_name("李岚清")
    assert is_person_name("刘向东")
    assert not is_person_name("原因")
    assert not is_person_name("哈尔滨")
    assert not is_person_name("经济增长质量明显改善")


def test_a_widely_spaced_paragraph_that_names_the_story_s_matters_is_not_a_brief():
    # rmrb-19980107-03-002 全军坚持艰苦奋斗教育限制会议接待费用: the layout
    # set 《办法》指出，各单位和部… off by wide gaps above and below, but it
    # goes on naming the 会议费 and 接待费 of the paragraphs above.
    items = rmrb_items("全军坚持艰苦奋斗教育限制会议接待费用")
    story = next(a for a in items if a.title == "全军坚持艰苦奋斗教育限制会议接待费用")
    assert any(p.startswith("《办法》指出，各单位和部") for p in story.paragraphs)
    assert not any(a.paragraphs and a.paragraphs[0].startswith("《办法》指出") for a in items if not a.title)


def test_a_head_under_a_one_paragraph_lede_over_a_long_section_is_its_first_subheading():
    # 伟大的军事家周恩来——读《周恩来军事文选》 (rmrb 1998-01-08, p. 3): a lede
    # of 171 characters, then 波澜壮阔的军事生涯 over 2,000 characters more.
    items = rmrb_items("伟大的军事家周恩来")
    story = next(a for a in items if a.title.startswith("伟大的军事家周恩来"))
    flat = [p.replace(" ", "") for p in story.paragraphs]
    assert "波澜壮阔的军事生涯" in flat
    assert len(story.paragraphs) > 10
    assert not any(a.title.replace(" ", "") == "波澜壮阔的军事生涯" for a in items)


def test_a_brief_under_a_one_paragraph_brief_is_a_story_of_its_own():
    # rmrb 1998-01-07, p. 4: 京郊电信扶贫 (126 characters) follows the
    # one-paragraph brief 王学贤被任命为驻南非大使.
    items = rmrb_items("京郊电信扶贫")
    assert any(a.title == "京郊电信扶贫" for a in items)
    envoy = next(a for a in items if a.title == "王学贤被任命为驻南非大使")
    assert len(envoy.paragraphs) == 1


def test_the_fields_of_a_profile_box_stay_in_their_story():
    # 先进模范近如何 (rmrb 1998-01-04, p. 4): each model worker's box prints
    # 荣誉… / 工作单位… / 目前状况…, the label run into its value.
    items = rmrb_items("工作单位浙江省临安市气象局")
    story = next(a for a in items if a.title == "徐虎（附图片１张）")
    assert any(p.startswith("荣誉全国劳动模范") for p in story.paragraphs)
    assert any(p.startswith("工作单位上海西部企业集团") for p in story.paragraphs)
    assert any(p.startswith("附记：") for p in story.paragraphs)
    assert not any(a.title.startswith(("荣誉", "工作单位", "目前状况")) for a in items)


def test_headlines_of_different_stories_are_not_fields():
    clean = clean_page(seed_page())
    assert field_lines(clean.blocks) == set()
    for name in ("19980101_01", "19980105_05-0", "19980110_01"):
        path = CORPUS / "rmrb1998" / f"{name}.txt"
        assert field_lines(clean_page(Page(id=name, text=path.read_text("utf-8"))).blocks) == set()


def test_a_lead_in_traditional_characters_opens_its_story():
    # corpus/rmrb1998/19980104_01.txt is printed in traditional characters:
    # 依託傳統農業跳出傳統農業… heads its own story, 本報鄭州1月3日電…, below
    # 以大辦沼氣爲紐帶…, whose text it used to join as a subheading.
    items = rmrb_items("依託傳統農業跳出傳統農業")
    story = next(a for a in items if a.title.startswith("依託傳統農業跳出傳統農業"))
    assert story.paragraphs[0].startswith("本報鄭州1月3日電")
    above = next(a for a in items if a.title.startswith("以大辦沼氣爲紐帶"))
    assert not any(p.startswith("依託傳統農業") for p in above.paragraphs)


def test_the_author_of_a_lead_in_traditional_characters_is_printed_as_is():
    assert author_from_lead("本報訊（記者閻曉明）一個特殊的省委常委擴大會") == "閻曉明"


def test_a_page_in_traditional_characters_splits_like_its_simplified_original():
    # corpus/rmrb1998 pages converted with OpenCC s2t, as the evaluation's
    # noisy pages are: 《百年恩来》：要说的太多，太多（附圖片１張） and
    # 石学海：牵着骆驼闯影坛（附圖片１張） announce their pictures in
    # traditional characters and are titles all the same.
    import opencc

    from indexer.analyzer import fold

    to_traditional = opencc.OpenCC("s2t")
    for name in ("19980109_09", "19980109_10"):
        text = (CORPUS / "rmrb1998" / f"{name}.txt").read_text("utf-8")
        simplified = split_page(clean_page(Page(id=name, text=text)))
        traditional = split_page(clean_page(Page(id=name, text=to_traditional.convert(text))))
        assert [(a.kind, fold(a.title)) for a in traditional] == [(a.kind, fold(a.title)) for a in simplified]
        assert any("附图片1张" in fold(a.title) for a in traditional)


def test_a_photo_between_a_headline_and_its_text_leaves_the_headline_the_title():
    # rmrb 1998-01-05, p. 5: 今日『送子观音』——记…梁惠珍（附图片１张） / 李霞 /
    # 图为梁惠珍大夫（右）给马海德基金会捐款。… / the text.
    items = rmrb_items("今日『送子观音』")
    story = next(a for a in items if a.title.startswith("今日『送子观音』"))
    assert story.kind == "article"
    assert story.paragraphs[0].startswith("1997年９月，广东省湛江市")
    caption = next(a for a in items if a.title.startswith("图为梁惠珍大夫"))
    assert caption.kind == "caption"
    assert caption.attached_to == story.id


def test_a_picture_note_on_its_own_line_closes_the_headline_above_it():
    # rmrb 1998-01-08, p. 5: 群雄逐鹿竞风流——记…徐杰的成功谋略 / （附图片１张） /
    # 何黄彪夏光辉 (the authors) / a caption / the text.
    items = rmrb_items("群雄逐鹿竞风流")
    story = next(a for a in items if a.kind == "article" and a.title.startswith("群雄逐鹿竞风流"))
    assert story.paragraphs[:2] == ("（附图片１张）", "何黄彪夏光辉")
    assert story.paragraphs[2].startswith("万德莱无绳电话机")


def test_a_work_named_under_a_poem_is_the_next_item_not_a_line_of_verse():
    # rmrb 1998-01-01, p. 7: the verse of 新年的祝福（二首） ends 庆祝我们新的辉煌;
    # 国泰民安（篆刻） / （陈少华） below it is a seal carving of its own.
    items = rmrb_items("国泰民安（篆刻）")
    poem = next(a for a in items if a.title == "新年的祝福（二首）")
    assert poem.paragraphs[-1] == "庆祝我们新的辉煌"
    seal = next(a for a in items if a.title == "国泰民安（篆刻）")
    assert seal.paragraphs == ("（陈少华）",)


def test_a_deck_line_announcing_pictures_does_not_end_a_run_of_verse():
    assert not names_a_work("演出前会见了参加中国话剧９０年纪念活动的艺术家（附图片１张）")
    assert names_a_work("黄土地上的蒲公英（外一首）")


def test_a_lone_head_of_four_or_five_characters_needs_a_shared_word_to_be_a_subheading():
    # rmrb 1998-01-08, p. 2: 走上大山顶, a reportage on a village, follows a
    # report on airports and mail routes; p. 8: 珀斯真热 follows an interview
    # on sport as an industry. Neither names what the story above names.
    items = rmrb_items("走上大山顶")
    assert any(a.title == "走上大山顶" for a in items)
    items = rmrb_items("珀 斯 真 热")  # letter-spaced on the page
    story = next(a for a in items if a.title == "珀斯真热")
    assert story.paragraphs[0].startswith("记者昨天还穿着厚厚羽")


def test_a_sentence_with_its_attribution_closes_the_text_above_it():
    # rmrb 1998-01-01, p. 1: the New Year speech ends 谢谢！（新华社北京１２月３１日电）,
    # right above the next headline 在十五大精神指引下胜利前进——元旦献辞.
    items = rmrb_items("谢谢！（新华社北京")
    speech = next(a for a in items if a.title.startswith("迈向充满希望的新世纪"))
    assert speech.paragraphs[-1].startswith("谢谢！（新华社北京")
    assert any(a.title == "在十五大精神指引下胜利前进——元旦献辞" for a in items)
    assert closes_text("谢谢！（新华社北京１２月３１日电）")
    assert not closes_text("美一州遭受暴雨灾害（图片）")


def test_a_question_over_its_author_s_name_is_a_headline():
    # dev/plain 19980109_12 (rmrb 1998-01-09, p. 12, eval/dev of shared/): a
    # photo report, then a column piece headed by a question and signed below.
    text = (
        "俄罗斯之湖（油画）\n\n（十九世纪·俄罗斯：列维坦）\n\n本报记者 黄建磊 摄影报道\n\n"
        "『诸事不宜』？\n\n邱金华\n\n年前，友人赠送一本新年历。\n\n"
        "年历设计、印刷均属上乘，大小老虎生气十足，初看时，有点爱不释手。\n"
    )
    items = split_page(clean_page(Page(id="19980109_12", text=text)))
    piece = next(a for a in items if "年前，友人赠送一本新年历。" in a.paragraphs)
    assert piece.title == "『诸事不宜』？"
    assert piece.subtitle == "邱金华"
    assert signs_a_piece("邱金华") and not signs_a_piece("原因")


def test_a_brief_set_off_by_a_wide_gap_at_the_end_of_the_page_is_its_own_item():
    # dev/plain 19980101_03-1 (rmrb 1998-01-01, p. 3, eval/dev of shared/): untitled
    # briefs, one paragraph each, three empty lines apart (paragraphs one); the last
    # ends the page. An ordinary gap a layout widens is set off on one side only.
    text = (
        "全面贯彻党的十五大精神 开创改革开放和现代化建设新局面\n\n"
        "\n\n\n"
        "中国驻突尼斯大使吴传福１２月３０日代表中国政府向突尼斯“全国互助基金”无偿提供了"
        "价值３００万人民币的录像机、照相机、电脑以及各种球类等体育用品和设备。（本报专电"
        "）\n\n"
        "本报记者 邱路艳 摄影报道\n\n"
        "\u3000\n\n"
        "\n\n"
        "中国政府向马达加斯加政府赠送价值５０万人民币的药品和医疗器械的交接仪式１２月３０"
        "日在塔那那利佛举行。中国政府自１９７５年向马派遣医疗队以来，每年都向马方赠送药品"
        "和医疗器械。中国驻马大使赵宝珍和马卫生部长昂里埃特女士出席了交接仪式。\n\n"
        "\n\n"
        "截至１９９７年底，利用中国政府向蒙古政府提供的无息贷款而建成的１１个中小型项目，"
        "已陆续移交给蒙方。蒙古对外关系部长阿勒坦格列尔和中国驻蒙古大使齐治家日前分别代表"
        "本国政府在交接证书上签字。已交给蒙古政府的１１个项目中有煤矿、水电站、裘皮加工厂"
        "、洗衣粉厂、公路沥青厂、瓦楞纸板箱厂、油漆厂、兽药厂、牛血提取ＳＯＤ（超氧化物化"
        "歧化酶）厂等。\n\n"
        "\n\n"
        "中国首次制造和首批出口的８０多个多用途液体罐式集装箱１２月３０日在达累斯萨拉姆顺"
        "利通过坦赞铁路局的验收，开始在坦赞铁路线上投入使用。\n"
    )
    items = split_page(clean_page(Page(id="19980101_03-1", text=text)))
    assert [a.paragraphs[0][:8] for a in items if a.kind == "article"] == [
        "中国政府向马达加",
        "截至１９９７年底",
        "中国首次制造和首",
    ]


def test_a_signed_brief_set_off_by_wide_gaps_is_its_own_item():
    # dev/plain 19980105_12 (rmrb 1998-01-05, p. 12, eval/dev of shared/), from the
    # head 如何选择联网漫游寻呼台 to the page's end: untitled briefs three or more
    # empty lines apart; one is signed （小苏） on the line below, one ends the page.
    text = (
        "如何选择联网漫游寻呼台\n\n根据邮电部对寻呼台联网漫游业务所作的界定，每一个联网漫"
        "游有权用户，无论携带ＢＰ机到网内哪一个城市，主叫用户只须拨打当地联网寻呼台号码，"
        "即可实现对被叫用户的寻呼。\n\n目前经邮电部批准组织全国性无线寻呼网的企业有近２０"
        "家，其中，采用全国统一特服号“１９８”、“１９９”的中国电信全国无线寻呼网第一期"
        "骨干网点建设工程，已于去年１０月份在北京、天津、郑州、广州等２２个城市竣工开通；"
        "采用全国统一特服号“１９１”、“１９２”的中国联\n\n通公司全国无线寻呼网已经建成"
        "包括北京、上海、广州等１８个城市和香港地区的第一批骨干网点，网上用户达到２５万户"
        "。\n\n在全国现有２０００多家无线寻呼台中，实力强大的企业\n\n是少数，多数不具备组"
        "建全国寻呼网的能力。一些寻呼台灵活地选择建设本市地寻呼网，或本省区寻呼网，发展联"
        "网漫游业务。这些台一般在主台之外的外地、市合理选址建设差转发射台，同步发送寻呼信"
        "息，为用户提供区域漫游服务。但有的寻呼台在宣传上把这种形式的联网称为“全国联网”"
        "，这显然是夸大了。\n\n具体到各个用户，购买ＢＰ机入网应该根据寻呼漫游使用的地域、"
        "场合，寻呼台提供信息服务的多寡和服务质量的优劣，服务收费高低（含是否收取“漫游费"
        "”及收费量多少）等综合情况而定，不要一味追求全国联网漫游寻呼。\n\n（夏昆山张翔辉"
        "）\n\n\n\n本报讯日前，中国电信与美国ＡＴＴ公司签订协议，启用一条４５Ｍｂｐｓ国际"
        "专线接入因特网。这将使国内用户访问国际站点线路紧张的状况得以根本改观，为因特网在"
        "商业、教育和娱乐等方面的应用起到巨大的推动作用。该专线将于近期开通。（许可）\n\n\n\n\n由"
        "国内技术人员独立开发设计的９７厘米“轰天炮王”\n\n超大屏幕彩电，最近在康佳集团投"
        "产。它采用９７厘米“超丽珑”显像管，音响系统结合画中画、丽音、数码立体声等先进功"
        "能，该机还具有抽屉键盘按钮、中文菜单操作、多用途接驳端子、全频段有线电视接收、环"
        "绕立体声等功能。（王璐）\n\n\n\n\n\n诺基亚公司近日在中国市场推出其最新型的６１１"
        "０型ＧＳＭ手机。百变通功能可为用户提供五种情景模式选择、中文短信息服务及日历备忘"
        "录等人性化服务。其中情景模式与电话簿号码分组功能相结合，能给用户优先选择接听哪个"
        "电话的权利。诺基亚６１１０最长可接收７０个汉字的短信息，使用９００毫安超薄锂电池"
        "或标准镍氢电池，通话时间可长达３—５小时，或待机时间６０—２７０小时。\n\n（小苏"
        "）\n\n\n\n国内首家自主版权的婚纱摄影软件厂商北京远潮公司日前加入惠普大幅面打印软"
        "件联盟，成为惠普第一家正式选定的合作伙伴。惠普大幅面喷墨打印机能进行各种比例的打"
        "印，还可以打印信封、标签以及小包装礼品包上的图案等。远潮的Ｖ９７ＭＭＸ形象设计软"
        "件则可以减少化妆的时间及费用，两家的合作，将给电子摄影带来广阔的发展前景。（吴雷"
        "）\n"
    )
    items = split_page(clean_page(Page(id="19980105_12", text=text)))
    firsts = [a.paragraphs[0][:6] for a in items if a.kind == "article" and a.paragraphs]
    assert firsts[-2:] == ["诺基亚公司近", "国内首家自主"]
    nokia = next(a for a in items if a.paragraphs and a.paragraphs[0].startswith("诺基亚"))
    assert nokia.paragraphs[-1] == "（小苏）"


def test_a_paragraph_opening_with_a_connective_goes_on_with_the_story_above():
    # 中年求学的经历 (rmrb 1998-01-07, p. 11) as scanify.py --seed 12 lays it out at
    # the end of its page: its last paragraph, signed below, comes after a gap the
    # layout widened. 于是 leans on the sentence before it: no brief begins there.
    text = (
        "中年求学的经历\n\n１９８８年７月，当我领到那本鲜红烫金的大学毕业证书时，鬓角已稀"
        "疏地染上了白霜。\n\n那是１９８３年，怀着“老三届”未圆的大学梦，当时已进入３５岁"
        "的我，考入了华南师范大学函授学院，成为汉语言文学系的一名学生。由于通过工作实践感"
        "到非学无以建业，不学难有后劲，因此比少年上学时勤奋用功多了。\n\n然而《文学概论》"
        "的抽象，《古代汉语》字词句的难懂，《古代文论》的深沉，都是比较难啃的。大学的课程"
        "就得\n\n学得精、细、深。授课的都是著书立说者，都有独到的见解，作业靠死啃书本不行"
        "。考试时，宁愿强记硬背闭卷考试，也不愿开卷考试被深难度题目所困扰。尽管学习难度大"
        "，但想到是为增长自己的知识而学，为提高工作能力而学，也算尽心。\n\n记得第一次《文"
        "学概论》作业———浅析作家王愿坚小说《七根火柴》中无名战士的典型意义。我以《生命"
        "的火种，战士的丰碑》为题，认真写了１５００字，颇得老师赞赏。卷上老师评点：“这是"
        "一篇散文式的评论，寓观点于实例之中，评论与抒情交融一体，读来\n\n很受感动。”从此"
        "，坚定了我学习中战胜困难的信心。\n\n当时，为使《现代汉语》拼音发音准确，我曾向读"
        "小学的儿子请教，为弄懂《古代汉语》中的字词句，我曾请教妻子。寒暑假是我们函授生学"
        "习的最佳时期，几年的节假日，多是短暂休息，或不休息，不远行，而是勤奋学习。\n\n\n回"
        "首五年，我深深理解了“学无止境”的含义。以往，我常常羡慕一些青年人对知识的广博涉"
        "猎，佩服一些老年人对知识的穷追不舍。而对进入中年的自己，常常有一种对知识的轻薄，"
        "自信凭年轻力壮足矣。经过五年寒窗，我深知知识稚嫩的我与进入中年的我并不同步，未涉"
        "足知识海洋，不晓其广阔深奥。\n\n\n\n于是，有了用文学充实业余生活的意念。尝试在生"
        "活中捕捉典型形象、典\n\n型环境，练笔写些小作品。有一次灵感来了，写了一篇反映军营"
        "生活的小小说《第二年兵》，竟然获得了广州军区《战士报》在全军区内开展的小小说创作"
        "一等奖。《解放军报》刊登时，还专门发了《写出军营“滋味”来》的评论予以肯定。朋友"
        "说，我创作有潜力。那时我已任团政治委员三年了，丰富多彩的军营生活和函授学习打下的"
        "基础，使我对文学创作有了兴趣，我的散文被选入“全国中青年精短散文征文选萃系列丛书"
        "”。１９９２年８月西南交通大学出版社出版了我的散文集《醉卧芳草》；１９９６年１２"
        "月花城出版社又出版了我的散文集《热土芳草》；１９９７年８月，我与朋友合著的３８万"
        "字长篇小说《南方遗梦》出版了。我曾在这部书的封底简介中写道：但愿人生年华有限，作"
        "品生命无穷。这也是我的追求。\n\n（广州开发区报施大鑫）\n"
    )
    items = split_page(clean_page(Page(id="19980107_11", text=text)))
    assert [a.title for a in items] == ["中年求学的经历"]
    assert items[0].paragraphs[-2].startswith("于是，有了用文学充实业余生活")


def test_on_a_page_of_one_paragraph_briefs_a_merged_break_shows_the_usual_gap():
    # rmrb 1998-01-01, p. 3 (second half) as scanify.py --seed 11 lays it out: four
    # untitled briefs three empty lines apart and no narrower gap between blocks;
    # the break inside the third brief, one empty line, is the page's usual gap.
    text = (
        "全面贯彻党的十五大精神 开创改革开放和现代化建设新局面\n\n\n\n中国驻突尼斯大使吴"
        "传福１２月３０日代表中国政府向突尼斯“全国互助基金”无偿提供了价值３００万人民币"
        "的录像机、照相机、电脑以及各种球类等体育用品和设备。（本报专电）\n\n\n\n中国政府"
        "向马达加斯加政府赠送价值５０万人民币的药品和医疗器械的交接仪式１２月３０日在塔那"
        "那利佛举行。中国政府自１９７５年向马派遣医疗队以来，每年都向马方赠送药品和医疗器"
        "械。中国驻马大使赵宝珍和马卫生部长昂里埃特女士出席了交接仪式。\n\n\n\n截至１９９"
        "７年底，利用中国政府向蒙古政府提供的无息贷款而建成的１１个中小型项目，已陆续移交"
        "给蒙方。蒙古对外关系部长阿勒坦格列尔和中国驻蒙古大使齐治家日前分别代表本国政府在"
        "交接证书上签字。已交给蒙古政府的１１个项目中有煤矿、水电站、裘皮加工厂、洗衣\n\n粉"
        "厂、公路沥青厂、瓦楞纸板箱厂、油漆厂、兽药厂、牛血提取ＳＯＤ（超氧化物化歧化酶）"
        "厂等。\n\n\n\n中国首次制造和首批出口的８０多个多用途液体罐式集装箱１２月３０日在"
        "达累斯萨拉姆顺利通过坦赞铁路局的验收，开始在坦赞铁路线上投入使用。\n"
    )
    items = split_page(clean_page(Page(id="19980101_03-1", text=text)))
    firsts = [a.paragraphs[0][:6] for a in items if a.kind == "article"]
    assert firsts == ["中国驻突尼斯", "中国政府向马", "截至１９９７", "中国首次制造"]


def test_a_question_over_a_staff_byline_is_a_headline():
    # rmrb 1998-01-08, p. 1 (dev/plain of shared/eval): the last paragraph of a
    # report, then a commentary headed by a question, its byline on the line below.
    text = (
        "王丙乾、曹志、周觉、张德广和伊拉克驻华大使库巴等参加了会见。\n\n“家庭出身”栏还"
        "有必要吗？\n\n本报记者 楠桂\n\n近日接到一份学籍登记卡，其中有『家庭出身』一栏，"
        "不知如何填写。问同学，大家都不知应该怎么填，为什么还要填。\n"
    )
    items = split_page(clean_page(Page(id="19980108_01", text=text)))
    assert [a.title for a in items] == ["", "“家庭出身”栏还有必要吗？"]
    assert items[1].author == "楠桂"


def test_a_story_cut_into_sections_goes_on_under_its_next_subheading():
    # rmrb 1998-01-07, p. 5 (dev/plain of shared/eval): a conference report in three
    # sections; the third subheading shares only 体育产业 with the text above.
    text = (
        "巧借东风上层楼——体育市场开发与新闻传播战略研讨会侧记\n\n\n本报记者 李中文\n\n颇"
        "具规模的体育市场开发与新闻传播战略研讨会，１月６日画上了一个圆满的句号。研讨会得"
        "到了方方面面的支持，使与会者感到收获甚丰；新鲜活泼、别开生面的会场气氛，更令与会"
        "者意犹未尽。而在此次研讨会中与会者最为关注的有关如何发展体育产业的几个问题，应该"
        "在更大范围内引起全社会的思考。\n\n体育产业到底是怎样一个概念\n\n我国的体育产业在"
        "８０年代初就已经萌芽。１９９６年全国人大审议通过的《国民经济和社会发展“九五”计"
        "划和２０１０年远景目标纲要》明确提出，中国的体育应该“形成国家与社会共同办体育的"
        "格局，走社会化、产业化的道路”。从此，人们可以大胆地讲体育产业，在\n\n实践中进一"
        "步摸索发展体育产业的道路，但对体育产业这一概念的内涵和外延，却始终缺乏统一而明确"
        "的认识。\n\n时至今日，体育产业理论与实践的严重脱节已经充分暴露出来。在此次研讨活"
        "动中，有代\n\n表指出，发展体育产业，并不意味着所有的体育项目都可以进行产业化发展"
        "。对于学校体育、军队体育等，仍应以国家投资为主，以扶持其健康发展。而对于群众基础"
        "不错、体育消费需求看好的项目则应加快其产业化的步伐。这就需要尽快为体育产业明确概"
        "念，分清层次，以进一步推动体育产业的健康发展。在体育产业的萌芽阶段，可以边实践边"
        "摸索着发展，但现在已经到了寻找规律性的东西，用理论来指导实践的时候了。这需要体育"
        "界、企业界在实践中不断总结经验，也需要理论界、学术界的有识之士尽早加入体育产业的"
        "研究中来，以改变理论滞后于实践的尴尬。\n\n生存和发展的辩证法\n\n体育产业作为新兴"
        "的朝阳产业，其迷人的魅力已为社会各界越来越多的人看好。体育市场的潜力无疑是巨大的"
        "，如何合理开发这一市场，确保投入与产出、开发与发展形成良性循环，有必要及早引起重"
        "视。对此，与会者在研讨中更多地表示了“如果不规范体育产业市场开发的秩序，会把这一"
        "市场做坏”的担心。\n\n来自企业界的代表指出，在推进体育产业化的过程中，社会各界都"
        "应有平等的机会一显身手。正奥体育集团副总裁李敬则认为，在体育产业发展的起步阶段，"
        "建立完全公平竞争的环境是很难的，但开发体育市\n\n场必须规范运作，使各个方面共同受"
        "益，形成投入产出良性循环。\n\n在推进体育产业的过程中，如何使一些偏冷的中小运动项"
        "目尽早进入状态，也是研讨会上大家议论较多的话题。与会代表认为，在体育产业发展的起"
        "步阶段，社会各界也许还有可能扶持一下这些项\n\n目的发展，但当市场发育较为成熟时，"
        "就要完全按照市场规律办事。这就需要这些项目的管理者多动脑筋，多想办法，既要生存，"
        "更要发展，防止将市场做滥，留下别人无法收拾的残局。\n\n体育产业发展应与国际接轨\n\n在"
        "一些国家体育产业运作的成功经验中，合理利用电视转播权、着力开发体育无形资产始终是"
        "其最耀眼的闪光点。而在我国，电视转播权长期处于无偿使用状态。体育无形资产的开发刚"
        "刚起步，亟待与国际惯例接轨。这些问题已成为制约我国体育产业进一步发展的瓶颈。\n\n按"
        "照国际惯例，重大体育赛事的转播权归属于大赛主办者。奥运会的电视转播权目前已成为国"
        "际奥委会的一个巨大财源：１９６０年奥运会的电视转播权为４０万美元，而ＮＢＣ买下２"
        "０００年—２００８年冬夏奥运会的电视转播权，合同金额为３５．５亿美元。正如ＩＳＬ"
        "公司代表指出的那样，一些国际重大赛事的收益中，赞助费和票房收入大约只占到４０％，"
        "这两者的可变因素又很多；而电视转播权却可以占到６０％的收入份额，且具有稳定性。但"
        "在我国，１９９７年１０月在上海举办的八运会，组委会与中央电视台经过几轮艰苦的谈判"
        "，最后双方商定：中央电视台分给组委会分钟时段，其广告收益归组委会。这一微小的突破"
        "使我国体育赛\n\n事的运作朝国际惯例迈近了一小步。在体育无形资产的开发方面，我国知"
        "名运动员做广告已屡见不鲜，但一直没有健全的法规来管理。绝大多数体育用品企业也还处"
        "于产品经营阶段。可见，无形资产开发还有很长的一段路要走。\n\n尽管我国体育产业的发"
        "展还受到诸多因素的困扰，但这一产业可以成为新的经济增长点的大趋势已曙光初现。因此"
        "，与会的代表相信：我国体育产业的发展前景一定会越来越好。\n"
    )
    items = split_page(clean_page(Page(id="19980107_05-0", text=text)))
    assert [a.title for a in items] == ["巧借东风上层楼——体育市场开发与新闻传播战略研讨会侧记"]
    assert "体育产业发展应与国际接轨" in items[0].paragraphs


def test_a_lead_under_a_brief_s_signature_opens_the_next_brief():
    # rmrb 1998-01-07, p. 2 (second half; dev/plain of shared/eval): three briefs
    # and no gap narrower than two lines, so spacing cannot tell; the second
    # brief is signed （宋连友王健）, and the third opens with 本报讯.
    text = (
        "高举邓小平理论伟大旗帜 把建设有中国特色社会主义事业全面推向二十一世纪\n\n\n\n本"
        "报讯由铁道部第十二工程局独家施工、全长二千二百零一点八米的上海奉浦大桥，日前获得"
        "国家优质工程『鲁班奖』。此桥一九九五年十月二十六日建成通车。（江耀明）\n\n\n\n本"
        "报记者 吕帅曼 摄影报道\n\n\n\n\n本报讯国家重点建设项目京郑（州）铁路电气化工程"
        "石家庄至安阳段最近开通。石安段电气化铁路全长二百二十五点九公里，是由铁道部电气化"
        "工程局施工的，开通后列车牵引重量将达五千五百吨，大大提高了区段运输能力。\n\n\n（"
        "宋连友王健）\n\n\n\n本报讯中国乡镇企业总公司受中国农业大学的委托，日前与国际一流"
        "十九家科教仪器供应商就中国农业大学『二一一工程』进口设备举行了签字仪式，这标志着"
        "中国农业大学『二一一工程』建设的全面启动。中国农业大学是一所以农、工为主，兼有文"
        "、理、经、贸、医的综合性的大学。（夏珺）\n"
    )
    items = split_page(clean_page(Page(id="19980107_02-1", text=text)))
    stories = [a for a in items if a.kind in ("article", "photo")]
    assert len(stories) == 3
    assert stories[1].paragraphs[-1] == "（宋连友王健）"
    assert stories[2].paragraphs[0].startswith("本报讯中国乡镇企业")
    assert is_signature("（宋连友王健）") and not is_signature("（新华社记者樊如钧摄）")


def test_a_picture_column_goes_on_past_its_first_photo_s_caption():
    # rmrb 1998-01-09, p. 2 (second half; dev/plain of shared/eval): 图片新闻 with
    # two numbered pictures; item １、's caption sits between １、 and ２、.
    text = (
        "深化改革 扩大开放 促进发展 保持稳定\n\n图片新闻\n\n１、新疆独山子石化总厂乙烯"
        "厂投资７０００万元，建成一套现代化的污水处理系统、污水处理水平达到国内领先地位，"
        "各项水质的化验指标均达到国家一级排放标准。\n\n图为取样人员正在污水处理场一角工作"
        "。（张太亭摄）\n\n２、北京市东城职工自立市场开业以来，东城区工商局北新桥工商所的"
        "管理人员，经常深入市场，了解下岗职工的经营情况，为他们出谋划策，排忧解难。\n\n（"
        "罗伟摄）\n"
    )
    items = split_page(clean_page(Page(id="19980109_02-1", text=text)))
    column = next(a for a in items if a.title == "图片新闻")
    assert [p[:2] for p in column.paragraphs] == ["１、", "图为", "２、", "（罗"]
    assert [a.kind for a in items] == ["slogan", "article"]


def test_a_label_closing_a_section_does_not_end_a_sectioned_story():
    # rmrb 1998-01-06, p. 1, as scanify.py --seed 11 lays it out: readers' letters
    # in sections; one ends with its writers' initials （Ａ、Ｄ）, and the next
    # subheading goes on the story all the same.
    text = (
        "“我真的爱看……”——因特网读者称赞本报网络版\n\n本报讯（记者 廖玒陈智霞）去年"
        "十一月二十日，本报网络版收到两封读者发来的电子邮件（Ｅｍａｉｌ），一封来自上海外"
        "国语大学离休干部施行，他在信中写道：『前些日偶然读到你报的网络版，觉得很好，主页"
        "很漂亮，专题收集得也很恰当。而且，你们每天上网的时间很早，推出的报刊系列最多，这"
        "是国外其他中文网站所办不到的。我为我国有如此好的网络版感到骄傲。这之前我很焦急，"
        "心想怎么国内居然没有出版一份像样的网络版。现在好了！……』而另一封署名Ｍａｒｋ的"
        "来信只有短短的一句话：『Ｉｄｏｒｅａｌｌｙｌｉｋｅｙｏｕｒｓｉｔｅ！（我真的喜欢"
        "你们这个站点）』\n\n去年一月一日，人民日报在因特网（Ｉｎｔｅｒｎｅｔ）上建立了自"
        "己的站点ｗｗｗ．ｐｅｏｐｌｅｄａｉｌｙ．ｃｏｍ．ｃｎ，因特网上首次有了权威、及时"
        "的中文信息。经过一年的时间，本报网络版数次改版，先后推出了二十多个新闻焦点专辑和"
        "服务性栏目，现已发展成为因特网上信息量最大、访问人数最多的一个中文站点。目前，每"
        "天有八万中文读者通过因特网阅读本报网络版，他们有的近在北京，有的来自全国其他省市"
        "，还有一半左右的读者远在欧美、澳大利亚、非洲、东南亚等地区。自上网以来，我们先后"
        "收到读者从世界各地发来的电子邮件五百多封，这一封封普通的读者来信，表达了因特网读"
        "者对本报网络版真挚欢迎和殷切厚望，也使我们深感人民日报作为中共中央机关报、中国第"
        "一大报，在促进中国传统媒体高科技化，促进更多的中文、中国信息上因特网，搞好对内对"
        "外宣传上责无旁贷的历史使命。\n\n『我天天都在网上看人民日报』\n\n作为未来全球信息"
        "高速公路的雏形，因特网（Ｉｎｔｅｒｎｅｔ）引入中国不过两三年，但国内上网用户及网"
        "上中文站点在近一年里呈飞速增长势头，据国家新闻办的最新统计，目前全国的上网用户已"
        "达六十二万。然而，与网上英文信息相比，中文信息的数量和质量与读者的需求仍然相距甚"
        "远。因此，人民日报网络版将包括人民日报在内的九报四刊的信息内容及时地推上因特网。"
        "正如一位读者来信中所说：『你们站点上既有权威的人民日报，又有市场报、环球时报、体"
        "育文摘、证券时报等专业报刊，是我见过的信息量最大的中文站点，可算是解了网上中文读"
        "者的燃眉之急。』\n\n人民日报网络版的读者有一半是海外的中国留学生、华人、驻外工作"
        "人员，以及关心中国发展的国际人士，对人民日报网络版的上网，他们表示了最真挚的欢迎"
        "。他们在来信中说：『能在国外看到人民日报，真是又亲切又实用。』中国驻纽约总领事馆"
        "的商务领事孙亮（音译）在来信中写道：『我每天都在因特网上看人民日报，这已成为我每"
        "天日常工作的一部分，它使我获得国内的最新动向。』另一位在英国的中国学子写道：『亲"
        "爱的编辑：人民日报网络版使像我这样远离祖国的学子能够及时地读到国内的最新消息，谢"
        "谢你们的努力。\n\n学成之后我一定回国。』\n\n（Ａ、Ｄ）\n\n \n\n“网络版为我学习"
        "十五大提供极大方便”\n\n对于国内的读者来说，大部分机关、企事业单位都订有人民日报"
        "，人民日报网络版吸引他们的地方又何在呢？国家计委外资司周欣来信写道：“我的办公室"
        "虽然订有《人民日报》，但是，我仍要每天通过Ｉｎｔｅｒｎｅｔ查看贵报。我非常喜欢《"
        "人民日报》的网页，因为它比直接看报纸有着更多的乐趣，尤其是目前学习十五大文件，在"
        "网\n\n页上可以将有关的文件材料下载，经我自己重新排版打印出来，阅读十分方便，也便"
        "于保存，网络版为我学习十五大提供极大方便。”\n\n"
    )
    items = split_page(clean_page(Page(id="19980106_01", text=text)))
    assert [a.title for a in items] == ["“我真的爱看……”——因特网读者称赞本报网络版"]
    assert "“网络版为我学习十五大提供极大方便”" in items[0].paragraphs


def test_a_question_over_a_byline_naming_two_papers_is_a_headline():
    # rmrb 1998-01-07, p. 9 (dev/plain of shared/eval): a profile's signature, then
    # a joint report headed by a question; its byline names two papers' reporters.
    text = (
        "（内蒙古自治区残疾人联合会巴图）\n\n从安徽整顿前的情况看——农村电价缘何高？\n\n本"
        "报记者 江玉《中国电力报》记者张大和\n\n\n\n编者按：近年来，本报不断收到农村读者"
        "的来信，反映他们的照明电价过高，农民难以承受的问题。对农村居民照明电价长期居高不"
        "下，党中央、国务院领导同志十分关心，并多次指示有关方面积极采取措施，把这个涉及千"
        "家万户的大事办好，让农民满意。\n\n安徽省经过近两年时间的整顿，全省大部分农村电价"
        "已降至合理水平。他们的做法，受到了广大农民的欢迎。本报记者与《中国电力报》记者在"
        "安徽调查后形成了两篇报道，今天刊登第一篇，介绍安徽省整顿前的情况；另一篇将于一月"
        "十四日在本版刊出，介绍有关部\n"
    )
    items = split_page(clean_page(Page(id="19980107_09", text=text)))
    assert items[-1].title == "从安徽整顿前的情况看——农村电价缘何高？"
    assert items[-1].paragraphs[0].startswith("编者按：")


def test_summary_bullets_under_a_page_s_first_headline_are_not_verse():
    # rmrb 1998-01-10, p. 7 (dev/plain of shared/eval) opens with a headline, three
    # bulleted summary points, a picture note and the author's name.
    text = (
        "巾帼扶贫加大攻坚力度\n\n●自一九八六年以来，我国的贫困人口已从一点二五亿减少到五"
        "千万\n\n●全国妇联参与扶贫工作，十年帮助一百六十万贫困妇女脱贫\n\n\n●实施『巾帼"
        "扶贫行动』两年来，已帮助五十八点八万妇女解决温饱\n\n\n\n（附图片１张）\n\n清水\n\n我"
        "国政府自１９８６年以来开展大规模扶贫工作，使贫困人口由１９８５年的１．２５亿减少"
        "到目前的５０００万，并决定加大扶贫攻坚力度，到本世纪末基本解决农村贫困人口的温饱"
        "问题。\n\n"
    )
    items = split_page(clean_page(Page(id="19980110_07-0", text=text)))
    assert [(a.kind, a.title) for a in items] == [("article", "巾帼扶贫加大攻坚力度")]
    assert items[0].paragraphs[0].startswith("●自一九八六年以来")


def test_a_bare_section_number_under_a_head_begins_the_text():
    # rmrb 1998-01-10, p. 8 (dev/plain of shared/eval): 小黑板两题 ("two pieces
    # on the blackboard"), then its first piece's head 高低 and number 一.
    text = (
        "小黑板两题\n\n高低\n\n一\n\n杭州新声路综合市场中心的十字路口，有一块见“美”就颂"
        "扬，见“丑”就揭批的小黑板。黑板报办了虽然才三四年时间，但却赢得了很好的声誉。每"
        "期黑板报面世，摊主们总要抽空去看一看。一位赵姓女摊主与顾客吵了架，马上在黑板上被"
        "“曝光”，她感到好没面子，从此再也没有跟顾客红过脸。一位王姓摊主拾到二点三万元现"
        "金交公，此事见了“报”，他觉得很光彩。有个来自温州的服装老板见这黑板报含\n\n"
    )
    items = split_page(clean_page(Page(id="19980110_08", text=text)))
    assert [a.title for a in items] == ["小黑板两题"]
    assert items[0].paragraphs[:2] == ("高低", "一")


def test_a_story_s_attribution_and_picture_list_end_it():
    # rmrb 1998-01-05, p. 10, as scanify.py --seed 12 lays it out: Ｋ线介绍 ends with
    # its writer and chart maker in brackets, then lists its two charts under
    # 图片：; 学金融, three characters, is the next story's headline.
    text = (
        "Ｋ线介绍（附图片２张）\n\nＫ线，是将股市每日、每周或每月的股价变动情形用图形表示"
        "，再按照这个图形分析股价未来走势的一种方法。一条Ｋ线，包括了开盘价、收盘价、最高"
        "价、最低价。画Ｋ线时，通常将开盘价与收盘\n\n价间的价位用长方形表示，称为实体部分"
        "。收盘价高于开盘价的，实体部分留白，称为阳线；收盘价低于开盘价的，实体部分涂黑，"
        "称为阴线。开盘价与收盘价相同的，称为平盘线或叫十字线。阳线时，最高价与收盘价不同"
        "时，用细线将收盘价与最高价连接，称为上影线；最低价与开盘价不同时，用细线将开盘价"
        "与最低价连接，称为下影线。阴线与阳线则相反，开盘价与最高价间的细线称为上影线，收"
        "盘价与最低价间的细线称为下影线。\n\n（李建兴）（图表由北京京求计算机软件公司制作"
        "）\n\n图片：\n\n深圳成份股指数周Ｋ线图\n\n上海综合指数周Ｋ线图\n\n学金融\n\n \n\n亦"
        "称汇价、外汇行市，即两国货币之间的兑换比率，也即一种货币用另一种货币表示的价格。"
        "比如１美元兑８·２８元人民币就是美元兑人民币的汇率。在纸币流通情况下，影响各国汇"
        "率变动的深层因素是通货膨胀率、利率、经济增长状况、中央银行干预以及市场预期等等。\n"
    )
    items = split_page(clean_page(Page(id="19980105_10", text=text)))
    assert [a.title for a in items] == ["Ｋ线介绍（附图片２张）", "学金融"]
    assert items[0].paragraphs[-3:] == ("图片：", "深圳成份股指数周Ｋ线图", "上海综合指数周Ｋ线图")


def test_a_head_with_a_deck_naming_its_kind_is_a_title_whatever_it_shares():
    # rmrb 1998-01-10, p. 4 (dev/plain of shared/eval): a report from the swimming
    # championships in Perth, then a commentary on the same meet, 再立潮头看何人——评….
    text = (
        "世界游泳锦标赛预赛中国选手一路顺风\n\n\n本报珀斯１月９日电记者许立群报道：第八届"
        "世界游泳锦标赛今天没有奖牌产生。在男子一米板预赛中，中国选手周义霖和余卓成顺利过"
        "关，分列第一、二位。\n\n从预赛情况看，周义霖和余卓成状态良好。\n\n\n两人没有给对"
        "手任何机会，连得高分。有了这个双保险，估计明天该项金牌将落入中国队囊中。\n\n在今"
        "天进行的花样游泳双人技术预赛中，我国选手李敏和龙艳发挥正常，排在第六位，李敏还在"
        "单人自由预赛中名列第七。\n\n再立潮头看何人——评世界女板跳水大势\n\n尽管中国队在"
        "第一天的跳水比赛中夺取了一金一银的佳绩，但人们的总体感觉是忧大于喜。\n\n并非说男"
        "子双人跳台金牌无关紧要，但由于它还不是奥运会正式比赛项目，其影响力自然不足以震撼"
        "人心。\n\n倒是郭晶晶的女子三米跳板银牌着实有些分量，首次在国际大赛中参加跳板比赛"
        "就有上乘表现。郭晶晶证明了自己的发展潜质，但这并不意味着中国选手已具备了在世界大"
        "赛中稳拿奖牌的实力。\n\n随着奥运会冠军伏明霞、八运会冠军谈舒萍的退役，我国女板项"
        "目后继乏人的窘况再\n\n次凸现。原以跳台为主项的郭晶晶因年龄的增长和形体的变化于亚"
        "特兰大奥运会前改攻跳板，并在八运会决赛中获得了三米板亚军。但纵观８日的比赛，同众"
        "多对手相比，郭晶晶并无明显的优势。\n\n不重视规定动作、指望靠自选动作出奇制胜是中"
        "国跳水队的不良倾向。规定动作质量不高的问题在郭晶晶身上也有所表现。半决赛中，郭晶"
        "晶规定动作的成绩仅列第六位，比最后夺冠的俄罗斯选手帕卡琳娜相差了１０分，这是不小"
        "的差距。在日趋激烈竞争中，想大幅度赶超对手乃至反败为胜的机会已越来越少，细微的失"
        "误都可能会导致前功尽弃。郭晶晶最终虽然摘取了银牌，但比冠军帕卡琳娜差了３０多分。"
        "\n\n然而除郭晶\n\n晶外，我女板项目四顾无人。悉尼奥运会日益临近，要在３年的时间里"
        "培养出世界一流的跳板新人实在勉为其难。因此如何帮助郭晶晶不断提高成绩将是中国跳水"
        "队需要解决的一个重要课题。\n\n与此同时，有专家预言，俄罗斯的帕卡琳娜将是中国队最"
        "强劲的对手。她起跳有力、动作流畅、线条优美、空中控制能力强，而且意志顽强。几年前"
        "，她就已显露不凡的才华，但与同胞世界名将拉什科和伊莲娜相比，她还有些稚嫩，亚特兰"
        "大奥运会也没她的份儿。然而时间终究改变了一切，拉什科、伊莲娜廉颇老矣，而帕卡琳娜"
        "羽翼渐丰。\n\n世界跳水女板格局正处于大变革时期，新一代盟主尚未诞生，中国队面临群"
        "芳争艳的严峻挑\n\n战，也有再领风骚的机遇。在这股大潮中，究竟谁能脱颖而出呢？\n\n（"
        "本报珀斯１月９日电）\n"
    )
    items = split_page(clean_page(Page(id="19980110_04", text=text)))
    assert [a.title for a in items] == [
        "世界游泳锦标赛预赛中国选手一路顺风",
        "再立潮头看何人——评世界女板跳水大势",
    ]


def test_a_surname_led_name_line_ends_a_three_line_headline():
    # rmrb 1998-01-06, p. 7 (dev/plain of shared/eval): title, subtitle and the
    # author 钟行, whom jieba does not tag a person.
    text = (
        "泡沫艳丽ＭＭＭ股票价格青云直上\n\n神话破灭俄罗斯投资大众追悔莫及\n\n钟行\n\n\n\n１"
        "９９４年７月，俄罗斯爆发了席卷全国的ＭＭＭ\n\n公司欺诈性集资重大事件，涉及金额达"
        "数千亿卢布（约合上亿美元），先后共有１０００多万人卷入。这起事件在一定程度上动摇"
        "了人们对俄罗斯经济体系稳定的信心。\n\n\n１９９４年初，俄罗斯居民马夫罗季三兄弟宣"
        "布组建一个名为ＭＭＭ的投资基金，声称其目标是将之建成全俄最大的投资基金。借助凌厉"
        "的广告宣传攻势，ＭＭＭ成了家喻户晓的大公司，人们相信，只要购买其股票就能发财。\n\n该"
        "公司在莫斯科、圣彼得堡等大城市开办了大量分支机构发售股票，其负责人还向公众承诺，"
        "只要向ＭＭＭ投资１００美元，就可在半年内收回５００美元，此外，还有高达４００％的"
        "年终回报率。人们纷纷抢购ＭＭＭ公司的股票，不少人甚至动用了全部退休金，以期获得丰"
        "厚的回报。至案发为止，全俄共有约１５００万人购买了ＭＭＭ公司的股票，由于大量股东"
        "的加入，ＭＭＭ投资基金的股价由最初的每股约１美元飞涨到５４美元。\n\n\n"
    )
    items = split_page(clean_page(Page(id="19980106_07-0", text=text)))
    assert (items[0].title, items[0].subtitle) == (
        "泡沫艳丽ＭＭＭ股票价格青云直上",
        "神话破灭俄罗斯投资大众追悔莫及",
    )
    assert items[0].paragraphs[0] == "钟行"


def test_a_byline_under_the_lede_does_not_hide_it():
    # rmrb 1998-01-06, p. 9 (dev/plain of shared/eval): a lede of 76 characters, the
    # reporter's byline under it, then the feature's first subheading and section.
    text = (
        "关爱不当酿悲剧呼吁环保进课堂\n\n保护环境，是可持续发展的基础。青少年环保意识的培"
        "养，关系人类生存的未来。一些有识之士呼吁，在义务教育阶段，有必要更多地注入环境教"
        "育的内容。\n\n本报记者张帆\n\n乱投食的代价\n\n在动物园，我们常看到，一些孩子喜欢"
        "给动物喂食。殊不知这样做给动物园带来了麻烦。昆明动物园饲养科的杨梅接受记者采访时"
        "，红着双眼，几乎要流出泪来。\n\n在她的记录本上，记者看到如下的记载：一只黑叶猴和"
        "一只灰叶猴因吃了游客投喂的食物，腹泻、腹胀而死。叶猴是国家一类保护动物，在我国仅"
        "存不到２０００只。两只金丝猴因贪吃游客投喂的蚕豆、爆米花，结果双双腹泻住进兽医院"
        "。金丝猴也是国家一类保护动物，和大熊猫一样珍稀。\n\n\n…………\n\n由于悲剧一再发"
        "生，昆明动物园不得不将铁笼加密增高，层层防护，以至于笼中养的是虎是豹，是雀是鸡，"
        "都让人有点分辨不清。一到节假日，尤其是春节，动物园便进入“一级战备”，职工四处巡"
        "视、检查，制止游客的越轨行为。即便如此防范，节假日后，动物消化不良的毛病仍比平时"
        "高出４０％左右。而据了解，类似昆明动物园的这种情况，在全国其他动物园里也时常发生"
        "。\n\n"
    )
    items = split_page(clean_page(Page(id="19980106_09", text=text)))
    assert [a.title for a in items] == ["关爱不当酿悲剧呼吁环保进课堂"]
    assert "乱投食的代价" in items[0].paragraphs


def test_a_subheading_shaped_head_goes_on_a_sectioned_story_past_a_note():
    # rmrb 1998-01-09, p. 1 (dev/plain of shared/eval): 大亚湾之光 in sections; one
    # ends with the labels of its pictures （Ａ、Ｂ）, and the next head, two
    # clauses (引进管理，建立现代企业制度), names nothing rare the story named.
    text = (
        "大亚湾之光（附图片１张）\n\n本报讯（记者 曹照琴谢国明王尧）天蓝海碧，绿树成荫的"
        "大亚湾核电站远眺。（亚宣\n\n摄）\n\n新年伊始，从南中国海畔的大亚湾核电站传来喜讯"
        "，这座我国目前最大的商用核电站，投产运行近４年来，取得了骄人的成绩，如一颗璀璨的"
        "明珠熠熠生辉。\n\n截至１９９７年底，大亚湾累计上网发电４６４亿千瓦时，创造总产值"
        "２３０亿元人民币，实现利润４８亿元人民币；基建贷款还本付息２３．８亿美元，占应还"
        "贷款总额的４５％；总资产报酬率从１９９４年刚投产时的７．８％上升到１９９７年的１"
        "１．５％，资本收益率从１９９４年的２５．６％上升到１９９７年的４５％，大大高于全"
        "国平均水平；每度电价从可行性报告预测的９．２６美分，下降到７美分以下。在１９９６"
        "年全国外商投资企业评选中，大亚湾核电站的工业产值、出口创汇和人均利税等主要经济技"
        "术指标均跻身全国十大企业行列。\n\n铸就“黄金人”，提前两年实现运行管理自主化\n\n１"
        "９９７年７月１日，大亚湾核电站比原计划提前两年由中国核电专家接替法方专家出任核电"
        "站经理，核电站的生产管理岗位几乎全由我国自己的核电人才担任，法方专家从４０人锐减"
        "到６人，由生产运行管理的主管变为顾问。\n\n\t\n\n大型核电站的运行管理，是比工程建"
        "设难度更大的挑战。中外核电专家经过反复论证确认，大亚湾两台百万千瓦级的核电机组，"
        "在运行的头５年，必须先请外国专家运行管理。核电界将这５年称为大型核电站的“婴儿期"
        "”。\n\n为了早日获得自主运行管理权，大亚湾从核电站筹建伊始就选派青年技术人员去法"
        "国、英国学习。这１１５名学成归来的青年技术人员，每个人的培养费用高达１２０余万法"
        "郎，被戏称为“黄金人”。\n\n\n\n中国广东核电集团公司董事长兼总经理昝云龙认为，花"
        "了这么多钱，其实只铸了一副“黄金壳”。只有真正掌握了大型核电站的运行管理技术、具"
        "有处理各种突发事故的能力，注入了“黄金脑”，才是真正的“黄金人”。\n\n１９９５年"
        "，大亚湾核电站１号机组换料大修，发现核反应堆的５３组控制棒导向管中，有７组的落棒"
        "时间超出了验收准则。控制棒是核反应堆的重要安全控制部件。大亚湾１号机组的控制棒导"
        "向管出现落差，引起了国内外的高度关注。大亚湾人处变不惊，会同国内外专家认真研究，"
        "最终查明造成控制棒导向管落差的原因是外国供应商设计不当。他们提出了３０多个方案，"
        "不仅从根本上解决了控制棒的落差问题，而且顺利完成了当年的发电任务。通过控制棒导向"
        "管事故的处理，大亚湾人显示了自己的实力，在换料大修任务中逐渐由配角变成主角。目前"
        "大亚湾人承担的大修任务已经超过９０％，顺利度过核电站工程竣工以后的第二关：换料大"
        "修关，为提前\n\n两年实行运行管理自主化打下了基础。\n\n安全，核电的生命\n\n核电站"
        "的特殊性质，大亚湾的特殊位置，使其安全问题成为头等重要的事情，格外引人关注。\n\n\t"
        "\n\n曾有一位内地旅游系统的负责同志来到深圳，大亚湾人想请他到核电站去看一看，这位"
        "同志连\n\n连摇头，生怕核辐射影响健康。“其实，我们核电站的职工连核辐射保健补贴都"
        "不发。”广东核电合营公司总经理刘锡才告诉记者：“除了个别岗位，大亚湾人在核电站工"
        "作一年所受到的核辐射剂量，只不过相当于坐一次飞机，或者体检时照一次Ｘ光。”\n\n大"
        "亚湾引进的核反应堆，是世界上安全纪录最可靠的技术，由三道屏障组成：第一道是锆包壳"
        "，第二道是压力壳，第三道是人们可以看到的高达５０米的钢筋混凝土安全壳。有了这三道"
        "屏障，即使飞机从高空俯冲而下，直撞安全壳，也不会造成任何核泄漏。\n\n硬件安全可靠"
        "，软件也先进过硬。大亚湾人虚心学习外国专家带来的核安全文化，结合国内安全生产的成"
        "功经验，创造了大修项目管理制、安全工程师周报制等方法，得到外国专家的首肯。１９９"
        "６年，国际原子能机构运行安全评估团到大亚湾考察，认为大亚湾的安全工程师周报制值得"
        "在全世界核电站推广，“学生”向“老师”输出了核电站的运行管理经验。\n\n（Ａ、Ｂ）"
        "\n\n引进管理，建立现代企业制度\n\n大亚湾核电站由广东核电合营有限公司负责建设和运"
        "营，合营公司的两大股东是中国广东核电集团公司下属的广东核电投资公司与香港中华电力"
        "公司下属的香港核电投资有限公司。大亚湾核电站总投资４０亿美元，除４亿美元的资本金"
        "外，９０％的建设资金是通过借用外债筹措的。\n\n投资如此巨大，债务如此沉重，靠传统"
        "管理方法难以胜任。于是，在企业管理上，大亚湾积极采用国际通行、被实践证明行之有效"
        "的现代企业管理制度。只要对大亚湾的成功有利，对中国核电事业的发展有利，不管是中国"
        "的外国的，统统都实行拿来主义。\n\n合营公司成立以后，随着工程建设的进展和核电站的"
        "投产运行，公司总经理部遵照“合营公司章程”和董事会的要求，组织制定了“公司政策手"
        "册”、“公司各级管理权限的规定”、“公司合同与采购手册”、“公司基建预算和控制程"
        "序”、“内部审计手册”等一系列内部管理文件。当合营公司总经理刘锡才搬出七八本装订"
        "得整整齐齐的、厚厚的手册、大纲时，记者十分惊讶。原来一个大型现代企业的管理条\n\n例"
        "，竟然与国家的法规文本一样严明。\n"
    )
    items = split_page(clean_page(Page(id="19980109_01-0", text=text)))
    assert [a.title for a in items] == ["大亚湾之光（附图片１张）"]
    assert "引进管理，建立现代企业制度" in items[0].paragraphs


def test_a_quoted_head_goes_on_a_story_whose_sections_are_headed_by_quotations():
    # rmrb 1998-01-06, p. 11, as scanify.py --seed 11 lays it out: a feature whose
    # sections are headed by sayings in quotes; the second shares no rare word.
    text = (
        "文明风景线——记长沙市公安局交警支队（附图片１张）\n\n\t\n\n本报记者 胡桃汉仙湘"
        "国\n\n图为中共湖南省委书记王茂林（左一）等有关领导在慰问交警劳模吴贱安（右一）时"
        "，鼓励他当好学济南交警的带头人。（胡桃摄）\n\n把夹衣叠起，把棉衣抖开，秋尽冬来了"
        "。湖南省长沙市街头的数十个交通执勤岗台上，交警们挺立如松，指挥准确到位，纠正违章"
        "一丝不苟，形成了长沙市一道特别的文明风景线，温暖着长沙市民的心。\n\n在湖南省委、"
        "省政府１９９７年８月授予长沙市公安局交警支队党委“先进领导班子”、“全省精神文明"
        "建设模范单位”称号及湖南省公安厅作出“向长沙交警学习”的决定后，该支队又在新的起"
        "点上迈开了大步。\n\n“谁砸了长沙交警的牌子，就脱谁的警服”\n\n为从严治警，该支队"
        "１９９７年４月成立了教导大队，对不合格的民警进行强化学习和训练，仍不合格者取消上"
        "岗资格。迄今为止，支队不但没有一个人被送去进行强化训练或被取消上岗资格，而且还涌"
        "现出了许多岗位明星和爱岗敬业标兵。\n\n \n\n支队党委书记、支队长周学农有句名言："
        "“谁砸了长沙交警的牌子，就脱谁的警服。”周学农对民警严格要求是出了名的，因为他以"
        "身作则，所以民警们都很服他。作为一个支队长，尽管工作\n\n千头万绪，周学农仍每天坚"
        "持上岗一个至一个半小时。在他的带动下，支队党委成员实行上路工作制，每人都有自己的"
        "示范岗位，与共产党员示范岗、劳动模范示范岗争相辉映。\n\n为增强交警这个“窗口”单"
        "位的透明度，转变工作作风，支队向车辆管理、车辆检测、事故处理等热点部门派驻专职纪"
        "检员。驻车管所的纪检员苏清阳到该所后，积极协助所领导工作，还针对群众反映，与该所"
        "商量，取消了原来外来车辆在车管所院内停放要收费两元的规定，受到了广大群众的普遍称"
        "赞。\n\n在完善内部监督制约机制的同时，支队向全社会公开了四部监督电话，成立信访办"
        "公室，做到有记录、有回音、承诺举报有奖，使警民关系得到进一步融洽。不少中小学生在"
        "作文中写道：“交警叔叔是身边最可爱的人”。\n\n“向改革要警力”\n\n在促进业务工作"
        "方面，支队遵循“向改革要警力”的准则。\n\n从１９９７年８月份起，支队将市区内车流"
        "量较大的路段分成７个警区，推行警区警长制勤务方式，对维护交通秩序、停车秩序效果明"
        "显。１１月１０日，市区主干道韶山路发生一起交通事故，辖区民警接到电视监控中心的命"
        "令后，迅速赶至第一现场，并集中优势警力组织车辆分流，仅用１５分钟就恢复了畅通。\n"
    )
    items = split_page(clean_page(Page(id="19980106_11-0", text=text)))
    story = next(a for a in items if a.kind == "article")
    assert story.title == "文明风景线——记长沙市公安局交警支队（附图片１张）"
    assert "“向改革要警力”" in story.paragraphs


def test_the_report_under_an_editor_s_note_is_the_same_story():
    # rmrb 1998-01-03, p. 1 (dev/noisy of shared/eval): a headline, the editor's
    # comment (编辑点评：) and, after a wide gap, the report from its lead on.
    text = (
        "宁夏：农业产业化铺筑致富路\n\n编辑点评：\n\n\n每个地方，不管是东部还是西部，不管"
        "是发达地区还是相对落后的地区，\n\n都 有 自 己的优势 。农业 就是宁夏的一大 "
        "优势。虽然 眼下 这一 优势更多地 表现在资 源上 ，但 是 农 业产 业化的发"
        " 展，已经 开始将资源优 势逐步转化为经济 优 势。这 使宁 夏千 千万万的农民"
        "获益 颇丰。\n\n宁夏目前仍有数十万人处在贫困线以下，脱贫的任务相当艰巨。已经脱贫"
        "的农民群众要走上致富的金光大道，同样需要作出不懈的努力。农业产业化是实现脱贫致富"
        "的有效途径，关键在于如何找准切入点。一旦找准了，许多原本处于劣势的资源，就可能凸"
        "现出它们的优势，为当地带来可观的经济效益。\n\n可以肯定地说，做好农业产\n\n业化这"
        "篇大文章，将会使宁夏经济拥有又一片新天地。\n\n\n\n本报银川1月2日电记者胡继鸿报"
        "道：宁夏回族自治区积极探索和推进农业产业化的路子。经过多年的努力，目前粮食、蔬菜"
        "、水产品、畜产品等主导产业已初步形成产业化的格局，３０％左右的主导产品基本实现一"
        "体化经营，大大促进了农村经济的发展，推动了农村小康建设和脱贫工作。\n\n\n据自治区"
        "有关部门介绍，宁夏农业产业化的进程始起８０年代中期。当时，自治区在中卫县进行了粮"
        "食、水果、辣椒、养殖等８类产品生产、加工、销售一体化经营的试点。\n\n"
    )
    items = split_page(clean_page(Page(id="19980103_01", text=text)))
    assert [a.title for a in items] == ["宁夏：农业产业化铺筑致富路"]
    assert any(p.startswith("本报银川") for p in items[0].paragraphs)


def test_a_paragraph_naming_the_story_s_person_again_goes_on_with_it():
    # rmrb 1998-01-09, p. 2, as scanify.py --seed 11 lays it out: a reportage on the
    # farmer 张宝军; one of its dialogue paragraphs sits between two wide gaps.
    text = (
        "多点挣钱门路才好！\n\n本报记者 王慧敏\n\n掰着皴裂的手指，张宝军在给记者算一年的"
        "收支账。正午的阳光透过洞开的门窗直射在他的脸上，使得他额头上的每一条皱纹都刀砍斧"
        "凿般地清晰。\n\n这位河南省虞城县三庄乡刘楼村的普通村民，刚５０岁，看上去却像６０"
        "出头。\n\n“你问花钱靠的啥？卖粮呗！村里没有企业，俺做生意又不中。今年秋天干旱，"
        "秋庄稼杂七杂八算起来也就是千把块钱。家里的花销主要靠夏粮了。夏天收成还不错，打了"
        "３０００多公斤小麦，公粮交了５００来公斤。剩下的，啥时候急着用钱，啥时候卖点儿。"
        "”\n\n“日子过得怎样？”\n\n“没有大事，还凑和。碰上盖房、红白事，就够呛了。你看"
        "，这房子是１９９４年盖的，欠下的账，去年才还清。上个月，闺女出嫁。又落下１０００"
        "多块钱的饥荒。”在老张说话的时候，记者注意到，房子虽然宽敞，屋里陈设却很简陋。窗"
        "扇也没安，窗框上很简单地挂了块蓝布，风嗖嗖往屋里灌。不过，老张仍很乐观：“不管咋"
        "说，现在的日\n\n子还是比以前强多了。一年到头细米白面不愁，每年多少还能添点东西。"
        "去年买了台吊扇，今年又添了台电视机。”说到这儿，老张执意拉记者看他的电视机。电视"
        "机放在一张没有上漆的旧桌子上，用一块红布遮得严严实实。老张小心翼翼揭下红布———"
        "是一台北京牌的４４厘米黑白电视机。\n\n这时，从门外进来一个虎彪彪的小伙子。老张说"
        "，这是他的儿子，叫张河燕。小张显然比他爹活分，他对记者说：“要想有钱花，光靠种粮"
        "食，不中。种点经济作物吧？又害怕砸在手里。前几年吃过这方面的亏！出\n\n去打工，找"
        "活也不容易。前两年，我跟邻村的建筑队到焦作给人盖房子。现在，建筑行业不景气，建筑"
        "队散伙了。你看，这么大的人，天天蹲在家吃闲饭。”\n\n“那你怎么不到南方闯一闯呢？"
        "”“不认识人，不敢去。”小伙子很坦率。\n\n\n\n\u3000\n\n“要过年了，没置办些年货？”"
        "记者问户主张宝军。“都这把年纪了，不讲究那么多了。前天赶集给儿子买了一条裤子，过"
        "些天，再给他买一件褂子。噢，对了，还给孩子他娘买了件褂子。”记者想看一看是件什么"
        "样的衣服，张宝军从厨房里喊来了老伴。他老伴边用围裙擦手，边从柜子里拿出一件绿格子"
        "上衣。搭手一摸，料子挺厚实，就是样子老了点儿。她说：“现在啥东西都贵。这衣服，花"
        "了２５块！不买又不沾，现在人都讲究了。”\n\n\n\t\n\n问起农民负担情况，张宝军说："
        "“这两年好多了。种粮交税，这道理俺懂。只是现在有些干部办事没有前些年那样认真了。"
        "你就说交提留款吧，给大家讲清亮，都不会有意见。可有的干部啥名堂也不说，只说交多少"
        "多少钱。心里一本糊涂账，当然犯嘀咕。”\n\n“来年有什么打算？”老张把两手往袖子里"
        "一抄，说：“发家？谁都想。可去哪儿找门路？现在是干着急没办法。哎，您是北京来的记"
        "者，能不能帮俺支一招？”\n\n\n"
    )
    items = split_page(clean_page(Page(id="19980109_02-0", text=text)))
    assert [a.title for a in items] == ["多点挣钱门路才好！"]


def test_a_picture_credit_closes_a_sectioned_story():
    # rmrb 1998-01-06, p. 12, as scanify.py --seed 11 lays it out: a feature in
    # sections ends with its picture credit （孙久奎摄）; 思念，根植在军营, two
    # clauses like a subheading, is the next story's headline.
    text = (
        "蓝天芭蕾——空军『八一』飞行表演队（附图片２张）\n\n１\n\n天津，杨村。\n\n沉寂３"
        "年的天空，在’９７寒冷的岁末，突然刮起了一股旋风。\n\n中国空军“八一”飞行表演队"
        "以全新的装备、全新的编队、全新的动作在这里完成了第２１３次特技飞行表演：时间２５"
        "分钟，近百个高难动作。\n\n这种被人称为第三代的具有高品质性能的歼７Ｅ型战机是由成"
        "都飞机工业公司和西北工业大学联合研制生产的。据歼７Ｅ型飞机的总设计师陆英育介绍说"
        "，这种新型表演机最突出的特点是在气动外形上与传统的歼７飞机有较大区别，这是国内飞"
        "机首次采用前、后机襟翼的双三角机翼，同时使用了推力大、寿命长的先进发动机，使飞机"
        "的气动性能得到显著改善。\n\n新一代表演队员们面临的是一道严峻的考题。以前，他们飞"
        "的是亚音速飞机，现在要用超音\n\n速飞机作特技表演，未来，需要他们填补中国航空飞行"
        "史上无数个第一。\n\n一切都要从零开始。也许在空白的天幕上能更好地描绘新美的图画。"
        "表演队的热血男儿们，从一开始就把目光盯在了国外那些著名的飞行表演队身上———追上"
        "他们，超越他们。\n\n２\n\n\t\n\n世界航空界预测：装备一新的中国空军这支特技飞行表"
        "演队又将不可思议地在天空中跳起更美的“芭蕾”。\n\n老队长\n\n丁安庆说：“要跳好空"
        "中芭蕾，必须要有勇于献身的精神。”\n\n１９９５年盛夏，经过不到一年的理论改装准备"
        "的表演队，终于进行到新机\n\n的实装训练阶段了。那时，已接近飞行最高年限的丁安庆面"
        "临两个选择：一边是某航空公司高薪聘请，一边是继续率军承担巨大风险。\n\n“为了飞行"
        "表演事业，什么都可以牺牲”的丁安庆毅然决然选择了后者。为了改装，他以４３岁的年龄"
        "学习航空理论，背记上万条数据；为了让表演队尽快形成表演能力，他以飞行员中的高龄从"
        "事年轻人的事业———翻筋斗，做倒扣，超低空，探索极限编队距离。\n\n在表演队办公楼"
        "门厅内，有一块巨匾，上书：“祖国荣誉高于一切，献身飞行表演事业”。红底金字，格外"
        "夺目。这是表演队党委随时告诫人们的警示牌。\n\n在表演队荣誉室，有一个来宾“留言簿"
        "”，上面写满了不同国家文字的赞语。老飞行员们\n\n每次翻阅它，都不是单纯地欣赏，也"
        "从不被蓝眼睛白皮肤的人叫好所陶醉，而是从中认清了飞行表演所蕴含的政治价值和军事价"
        "值。\n\n其实，表演队的每个飞行员都清楚，当他们的飞行表演与国家的利益相联系时，飞"
        "得越惊险越好看，他的价值也就越大。\n\n用超音速飞机作特技飞行表演，在我国空军的历"
        "史上还是空白。丁安庆和队里的６名飞行员组成了两个技术攻关组，一个负责编队表演技术"
        "攻关，一个负责单机表演技术攻关。\n\n为超越世界强手，增强表演的惊险和观赏性，他们"
        "设计了一套单机表演动作，把小速度筋斗，低空横滚通场，倒飞接４周横滚等高难动作连接"
        "在一起。\n\n３\n\n改装的那些日子，每次飞行对他们来说都是一次历险。没有资料可借鉴"
        "，他们就成立机群和单机攻关小组。\n\n密集队形表演是特技飞行表演必须越过的一道天险"
        "。飞机以５００公里至８００公里的时速飞行，各机最大间距只有１米至３米，死神之手就"
        "拽着他们的翅膀。密集队形编队最大的障碍是涡流和尾流对飞机的影响。编队前后间隔太近"
        "，后面的飞机容易进入前面飞机喷出的\n\n尾流，要么将飞机掀翻，要么造成后机空中停车"
        "。飞行员们都明白，这是一个险活儿。在世界空军表演史上，曾多次发生空难事件。\n\n那"
        "是一个令人难以忘记的飞行日。那天，试飞组要飞编队的极限间隔。他们的目标是将间距定"
        "在５米，高度差定在３米上。\n\n刚过而立之年的刘旭担任僚机。飞机升空后，他紧随长机"
        "，渐渐向尾流一点点靠近。长机发动机喷出的废气朝他的座舱玻璃迎面扑来。突然，他感到"
        "机身剧烈地抖动起来，机头猛烈下沉，机身一个横滚，向地面扎\n\n去……机敏的刘旭沉着"
        "应付突如其来的险情，迅速拉起机头，重新上升高度，调整位置，再次向长机靠拢。\n\n座"
        "舱前视窗上，茶色烟雾如云。地面的人们看到，刘旭的飞机像是焊接在前机的尾巴上了，两"
        "架飞机如同银色织梭，在蓝天白云间穿巡。\n\n每个表演队员都意识到肩负的使命。对内，"
        "他们代表军队；对外，他们代表国家。正是对祖国的忠诚与挚爱，才使得他们把青春无怨无"
        "悔地奉献在无边的苍穹里。\n\n（孙久奎摄）\n\n思念，根植在军营\n\n每逢节假日或有客"
        "人来，我总要入厨包饺子露上一手。可是，一拿起小擀杖，就想起难忘的军营生活。\n\n包"
        "饺子，是我当兵时学的手艺。\n\n初到部队，十五六岁，还是个没见过世面的毛孩子。一苦"
        "一累，想家；一空一闲，也想家。班长、指导员像看透了我们的心思，每到节假日，就安排"
        "包饺子。头天晚上炊事班就剁好馅，第二天\n\n"
    )
    items = split_page(clean_page(Page(id="19980106_12-0", text=text)))
    assert [a.title for a in items if a.kind == "article"][-1] == "思念，根植在军营"
