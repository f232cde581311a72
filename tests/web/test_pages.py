"""The HTML search page."""

SEED_TITLE = "全国总工会赴门头沟调研“县级工会加强年”专项工作"


def test_home_page_has_the_search_box(client):
    html = client.get("/").get_data(as_text=True)
    assert 'name="q"' in html and "检索" in html


def test_results_page_marks_the_whole_phrase(client):
    html = client.get('/search?q="区级工会加强年"').get_data(as_text=True)
    assert SEED_TITLE in html
    assert "<mark>区级工会加强年</mark>" in html


def test_bad_query_shows_a_friendly_message(client):
    response = client.get('/search?q="工会')
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "检索式有误" in html and "Traceback" not in html


def test_article_page_highlights_the_query(client):
    hit = client.get('/api/search?q="区级工会加强年"').get_json()["hits"][0]
    html = client.get(f'/articles/{hit["id"]}?q="区级工会加强年"').get_data(as_text=True)
    assert "<mark>区级工会加强年</mark>" in html


def test_unknown_article_page_is_a_friendly_404(client):
    response = client.get("/articles/none/such")
    assert response.status_code == 404
    assert "出错了" in response.get_data(as_text=True)
