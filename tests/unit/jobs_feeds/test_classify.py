"""Title classification against a realistic set of career-path patterns."""

import pytest

from jobs.classify import PathRule, compile_rules, fold_for_match

# Patterns as editors would keep them on the ten career-path pages.
PATTERNS = {
    "ai-engineer": [
        "AI Engineer",
        "Applied AI Engineer",
        "Artificial Intelligence Engineer",
        "Generative AI Engineer",
        "GenAI Engineer",
        "AI Agent Engineer",
        "Agent Engineer",
        "Ingénieur IA",
    ],
    "ml-engineer": [
        "Machine Learning Engineer",
        "ML Engineer",
        "Ingénieur Machine Learning",
        "Deep Learning Engineer",
        "Computer Vision Engineer",
        "Machine Learning Scientist",
        "Applied ML Engineer",
    ],
    "llm-engineer": ["LLM Engineer", "Large Language Model Engineer", "Prompt Engineer", "NLP Engineer"],
    "rag-engineer": [
        "RAG Engineer",
        "Retrieval Engineer",
        "Retrieval Augmented Generation Engineer",
        "Search Relevance Engineer",
    ],
    "llmops-engineer": [
        "LLMOps Engineer",
        "LLM Platform Engineer",
        "LLM Infrastructure Engineer",
        "AI Infrastructure Engineer",
    ],
    "mlops-engineer": [
        "MLOps Engineer",
        "ML Platform Engineer",
        "ML Infrastructure Engineer",
        "Machine Learning Platform Engineer",
    ],
    "data-scientist": ["Data Scientist", "Applied Scientist", "Product Data Scientist", "Decision Scientist"],
    "data-engineer": [
        "Data Engineer",
        "Analytics Engineer",
        "Data Platform Engineer",
        "Big Data Engineer",
        "ETL Developer",
    ],
    "data-analyst": [
        "Data Analyst",
        "Business Intelligence Analyst",
        "BI Analyst",
        "Product Analyst",
        "Analytics Analyst",
    ],
    "ai-research-scientist": [
        "Research Scientist",
        "AI Researcher",
        "Machine Learning Researcher",
        "Research Engineer",
        "Research Intern",
    ],
}


@pytest.fixture(scope="module")
def classifier():
    return compile_rules((slug, pattern) for slug, patterns in PATTERNS.items() for pattern in patterns)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # the bundled feeds
        ("Senior AI Engineer", "ai-engineer"),
        ("Machine Learning Engineer", "ml-engineer"),
        ("LLM Engineer", "llm-engineer"),
        ("RAG Engineer", "rag-engineer"),
        ("LLMOps Engineer", "llmops-engineer"),
        ("Data Scientist (Contract)", "data-scientist"),
        ("MLOps Engineer", "mlops-engineer"),
        ("MLOps Engineer (Contract)", "mlops-engineer"),
        ("Machine Learning Engineer, Ranking", "ml-engineer"),
        ("Machine Learning Research Intern", "ai-research-scientist"),
        ("Ingénieur·e Machine Learning – IA générative", "ml-engineer"),
        ("Data Scientist & Analyst", "data-scientist"),
        ("Applied Scientist, Evaluation", "data-scientist"),
        # real-world spellings
        ("ML/AI Engineer", "ml-engineer"),
        ("AI/ML Engineer", "ai-engineer"),
        ("Machine-Learning Engineer", "ml-engineer"),
        ("MACHINE LEARNING ENGINEER II", "ml-engineer"),
        ("Sr. Machine Learning Engineer - Recommendations", "ml-engineer"),
        ("Staff ML Engineer, Ads", "ml-engineer"),
        ("Senior ML Ops Engineer", "mlops-engineer"),
        ("ML-Ops Engineer", "mlops-engineer"),
        ("Machine Learning Platform Engineer", "mlops-engineer"),
        ("Senior Software Engineer, ML Platform", None),
        ("ML Platform Engineer, Training Infrastructure", "mlops-engineer"),
        ("Generative AI Engineer", "ai-engineer"),
        ("GenAI Engineer (LLM Apps)", "ai-engineer"),
        ("AI Engineer - RAG", "ai-engineer"),
        ("Senior RAG Engineer (Search)", "rag-engineer"),
        ("Retrieval-Augmented Generation Engineer", "rag-engineer"),
        ("Senior LLM Platform Engineer", "llmops-engineer"),
        ("LLM Ops Engineer", "llmops-engineer"),
        ("Prompt Engineer", "llm-engineer"),
        ("NLP Engineer, Conversational AI", "llm-engineer"),
        ("Large Language Model Engineer", "llm-engineer"),
        ("Lead Data Scientist, Pricing", "data-scientist"),
        ("Data Scientist II - Experimentation", "data-scientist"),
        ("Senior Product Data Scientist", "data-scientist"),
        ("Data Engineer", "data-engineer"),
        ("Senior Data Engineer (Spark/Databricks)", "data-engineer"),
        ("Analytics Engineer, dbt", "data-engineer"),
        ("Big Data Engineer", "data-engineer"),
        ("Data Platform Engineer", "data-engineer"),
        ("Data Analyst", "data-analyst"),
        ("Business Intelligence Analyst", "data-analyst"),
        ("Senior BI Analyst", "data-analyst"),
        ("Product Analyst, Growth", "data-analyst"),
        ("Research Scientist, Large Language Models", "ai-research-scientist"),
        ("Research Engineer, Pretraining", "ai-research-scientist"),
        ("AI Researcher", "ai-research-scientist"),
        ("Machine Learning Researcher", "ai-research-scientist"),
        ("Computer Vision Engineer", "ml-engineer"),
        ("Deep Learning Engineer (PyTorch)", "ml-engineer"),
        ("Ingénieur IA", "ai-engineer"),
        ("INGENIEUR IA CONFIRME", "ai-engineer"),
        ("Data Scientist (m/w/d)", "data-scientist"),
        ("Dateningenieur", None),
        # nothing
        ("Frontend Engineer", None),
        ("Account Executive", None),
        ("Chief of Staff", None),
        ("Maintenance Engineer", None),
        ("Email Engineer", None),
        ("Rag and Bone Collector", None),
        ("General Application – AI Talent Community", None),
        ("", None),
    ],
)
def test_real_world_titles(classifier, title, expected):
    rule = classifier.classify(title)
    assert (rule.path_slug if rule else None) == expected


def test_most_specific_pattern_wins_not_the_first_listed():
    classifier = compile_rules(
        [("ai-engineer", "Engineer"), ("ai-engineer", "AI Engineer"), ("rag-engineer", "RAG Engineer")]
    )
    assert classifier.classify("RAG Engineer") == PathRule("rag-engineer", "RAG Engineer")
    assert classifier.classify("Senior AI Engineer") == PathRule("ai-engineer", "AI Engineer")


def test_mlops_never_matches_the_ml_engineer_pattern():
    classifier = compile_rules([("ml-engineer", "ML Engineer"), ("mlops-engineer", "MLOps Engineer")])
    assert classifier.classify("MLOps Engineer").path_slug == "mlops-engineer"
    assert classifier.matches("MLOps Engineer") == [PathRule("mlops-engineer", "MLOps Engineer")]


def test_longer_pattern_in_words_wins_then_characters():
    classifier = compile_rules([("a", "Scientist"), ("b", "Data Scientist"), ("c", "Research Scientist")])
    assert classifier.classify("Data Scientist").path_slug == "b"
    assert [rule.path_slug for rule in classifier.matches("Research Scientist")] == ["c", "a"]


def test_ties_are_broken_by_position_then_rule_order_deterministically():
    classifier = compile_rules([("x", "ML Engineer"), ("y", "AI Engineer")])
    assert classifier.classify("AI Engineer / ML Engineer").path_slug == "y"
    assert classifier.classify("ML Engineer / AI Engineer").path_slug == "x"
    same = compile_rules([("first", "Data Engineer"), ("second", "data engineer ")])
    assert same.classify("Data Engineer").path_slug == "first"


def test_case_and_accents_are_ignored_and_words_are_whole():
    classifier = compile_rules([("ai-engineer", "AI Engineer"), ("ml-engineer", "ingenieur machine learning")])
    assert classifier.classify("ai engineer").path_slug == "ai-engineer"
    assert classifier.classify("Ingénieur MACHINE learning").path_slug == "ml-engineer"
    assert classifier.classify("Kai Engineer") is None
    assert classifier.classify("AI Engineering Manager") is None


def test_wildcard_suffix():
    classifier = compile_rules([("data-scientist", "data scien*")])
    assert classifier.classify("Data Science Lead").path_slug == "data-scientist"
    assert classifier.classify("Data Scientist").path_slug == "data-scientist"
    assert classifier.classify("Big Data Engineer") is None


def test_blank_and_comment_patterns_are_ignored():
    classifier = compile_rules([("a", ""), ("a", "   "), ("a", "# a note"), ("a", "!!!"), ("b", "Data Analyst")])
    assert len(classifier) == 1
    assert classifier.rules == [PathRule("b", "Data Analyst")]


def test_no_rules_classifies_nothing():
    assert compile_rules([]).classify("Data Scientist") is None


def test_fold_for_match():
    assert fold_for_match("Machine-Learning/AI  Engineer (Zürich)") == "machine learning ai engineer zurich"
    assert fold_for_match("R&D") == "r and d"


def test_spellings_covering_the_same_words_tie_and_the_literal_one_wins():
    classifier = compile_rules([("mlops-engineer", "ML Ops engineer"), ("mlops-engineer", "MLOps engineer")])
    assert classifier.classify("MLOps Engineer").pattern == "MLOps engineer"
    assert classifier.classify("ML Ops Engineer").pattern == "ML Ops engineer"


def test_single_word_patterns_lose_to_longer_ones_elsewhere_in_the_title():
    classifier = compile_rules([("llm-engineer", "LLM"), ("rag-engineer", "RAG engineer"), ("ml-engineer", "ML")])
    assert classifier.classify("LLM RAG Engineer").path_slug == "rag-engineer"
    assert classifier.classify("機械学習エンジニア（LLM）").path_slug == "llm-engineer"
    assert classifier.classify("HTML Engineer") is None


def test_text_folding_is_one_function_for_every_part():
    from jobs import normalise, services
    from jobs.text import fold

    assert normalise.fold is fold
    assert fold("Ingénieur  IA") == "ingenieur  ia"
    assert fold("Ingénieur \n IA", spaces=True) == "ingenieur ia"
    assert fold("Ingénieur-IA (Zürich)", words=True) == "ingenieur ia zurich"
    assert fold("C++ / C# dev", words=True, keep="+#") == "c++ c# dev"
    assert services.normalise_text("Acme, Inc.") == "acme inc"


def test_gender_markers_are_ignored():
    classifier = compile_rules([("ds", "data scientist")])
    for title in (
        "Data Scientist (m/w/d)",
        "Data Scientist (f/m/x)",
        "Data Scientist (H/F)",
        "Data Scientist (w/m/d)",
        "Data Scientist (m/f/div.)",
        "Data Scientist (all genders)",
        "Data Scientist m/w/d",
    ):
        assert classifier.explain(title).path_slug == "ds", title


def test_abbreviations_are_read_when_the_title_as_written_matches_nothing():
    classifier = compile_rules([("ml", "machine learning engineer"), ("ai", "AI engineer"), ("de", "data engineer")])
    assert classifier.classify("Sr. MLE, Recommendations") == PathRule("ml", "machine learning engineer")
    assert classifier.classify("Sr. AI Eng.") == PathRule("ai", "AI engineer")
    assert classifier.classify("Senior DE") == PathRule("de", "data engineer")
    # Lower case "de" is a word, not an abbreviation.
    assert classifier.classify("Ingeniero de Sistemas") is None


def test_the_head_of_the_title_decides():
    classifier = compile_rules(
        [("ml", "machine learning"), ("mlops", "AI platform"), ("ml", "software engineer machine learning")],
        ["recruit*", "sales"],
    )
    assert classifier.explain("Recruiter, Machine Learning").explanation == "excluded: recruit*"
    assert classifier.explain("Sales Engineer, AI Platform").explanation == "excluded: sales"
    # A head that names no role is qualified by the next part.
    assert classifier.classify("Software Engineer, Machine Learning").path_slug == "ml"
    assert classifier.classify("Machine Learning Engineer, Sales Platform").path_slug == "ml"


def test_an_exclusion_ending_later_in_the_head_refuses_and_one_ending_earlier_does_not():
    classifier = compile_rules([("ml", "machine learning"), ("da", "data analyst")], ["recruiter", "marketing"])
    assert classifier.explain("Machine Learning Recruiter").excluded_by == "recruiter"
    assert classifier.explain("Marketing Data Analyst").path_slug == "da"


def test_without_exclusions_nothing_is_refused():
    classifier = compile_rules([("ml", "machine learning")])
    assert classifier.classify("Recruiter, Machine Learning").path_slug == "ml"
    assert classifier.explain("Store Associate").explanation == ""
