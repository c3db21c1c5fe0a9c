# ruff: noqa: E501  (prose: sentences are kept whole so they can be read and edited)
"""The demo content: ten career paths, their sources and three comparisons.

Plain data, loaded by `cms.demo_content.load_demo_content`. Rich text may link
to a path with `{{path:<slug>}}...{{/path}}`; the loader turns that into a
Wagtail page link once the target exists.

Salary notes cite the U.S. Bureau of Labor Statistics occupation closest to
each path: the BLS does not track job titles such as "LLM engineer", and the
notes say so, so readers can weigh the figure.
"""

from __future__ import annotations

import datetime

RETRIEVED = datetime.date(2025, 10, 1)

SOURCES: dict[str, dict] = {
    "bls-ooh": {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Occupational Outlook Handbook",
        "url": "https://www.bls.gov/ooh/",
        "published_date": None,
        "retrieved_date": RETRIEVED,
    },
    "bls-data-scientists": {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Occupational Outlook Handbook: Data Scientists",
        "url": "https://www.bls.gov/ooh/math/data-scientists.htm",
        "published_date": None,
        "retrieved_date": RETRIEVED,
    },
    "bls-research-scientists": {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Occupational Outlook Handbook: Computer and Information Research Scientists",
        "url": "https://www.bls.gov/ooh/computer-and-information-technology/computer-and-information-research-scientists.htm",
        "published_date": None,
        "retrieved_date": RETRIEVED,
    },
    "bls-software-developers": {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Occupational Outlook Handbook: Software Developers, Quality Assurance Analysts, and Testers",
        "url": "https://www.bls.gov/ooh/computer-and-information-technology/software-developers.htm",
        "published_date": None,
        "retrieved_date": RETRIEVED,
    },
    "bls-database-architects": {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Occupational Outlook Handbook: Database Administrators and Architects",
        "url": "https://www.bls.gov/ooh/computer-and-information-technology/database-administrators.htm",
        "published_date": None,
        "retrieved_date": RETRIEVED,
    },
    "bls-operations-research": {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Occupational Outlook Handbook: Operations Research Analysts",
        "url": "https://www.bls.gov/ooh/math/operations-research-analysts.htm",
        "published_date": None,
        "retrieved_date": RETRIEVED,
    },
    "wef-future-of-jobs-2025": {
        "publisher": "World Economic Forum",
        "title": "The Future of Jobs Report 2025",
        "url": "https://www.weforum.org/publications/the-future-of-jobs-report-2025/",
        "published_date": datetime.date(2025, 1, 7),
        "retrieved_date": RETRIEVED,
    },
    "forrester-future-of-jobs": {
        "publisher": "Forrester",
        "title": "The Future of Jobs forecast",
        "url": "https://www.forrester.com/",
        "published_date": None,
        "retrieved_date": RETRIEVED,
    },
}

STATISTICS: dict[str, dict] = {
    "analyst-growth": {
        "figure": "25%",
        "statement": "Hiring of data analysts was projected to grow by 25% between 2020 and 2030.",
        "source": "bls-ooh",
    },
    "tech-skills-first": {
        "figure": "#1",
        "statement": (
            "Technological skills are expected to grow in importance faster than any other kind of skill "
            "over the rest of the decade."
        ),
        "source": "wef-future-of-jobs-2025",
    },
    "jobs-replaced": {
        "figure": "16%",
        "statement": "An estimated 16% of US jobs will be replaced by AI and machine learning by 2030.",
        "source": "forrester-future-of-jobs",
    },
    "data-scientist-insight": {
        "figure": "36%",
        "statement": (
            "Employment of data scientists is projected to grow 36% from 2023 to 2033, "
            "much faster than the average for all occupations."
        ),
        "source": "bls-data-scientists",
    },
}


def _salary(title: str, figure: str, note: str, source: str) -> dict:
    return {"title": title, "figure": figure, "note": note, "source": source}


_SOFTWARE_PAY = _salary(
    "US median annual pay, software developers",
    "$132,270",
    "May 2023. The BLS has no separate category for this title; software developers are the closest match.",
    "bls-software-developers",
)
_DATA_SCIENTIST_PAY = _salary(
    "US median annual pay, data scientists",
    "$108,020",
    "May 2023, all industries.",
    "bls-data-scientists",
)
_RESEARCH_PAY = _salary(
    "US median annual pay, computer and information research scientists",
    "$145,080",
    "May 2023. Most positions ask for a master's degree or a PhD.",
    "bls-research-scientists",
)
_DATABASE_PAY = _salary(
    "US median annual pay, database architects",
    "$134,700",
    "May 2023. Data engineering has no BLS category of its own; database architects are the closest.",
    "bls-database-architects",
)
_ANALYST_PAY = _salary(
    "US median annual pay, operations research analysts",
    "$83,640",
    "May 2023. The BLS has no 'data analyst' category; operations research analysts are the closest.",
    "bls-operations-research",
)


PATHS: list[dict] = [
    {
        "slug": "ai-engineer",
        "title": "AI Engineer",
        "role_name": "AI Engineer",
        "summary": "Builds AI-powered products: LLM features, agents, retrieval and automations that users touch.",
        "intro": (
            "<p>AI engineers turn model capabilities into product features, internal tools and business "
            "workflows. Most of the work is software engineering around models someone else trained: calling "
            "model APIs, grounding them in company data, evaluating the answers and shipping the result "
            "safely. The role overlaps with {{path:ml-engineer}}machine learning engineering{{/path}}, which "
            "goes deeper into training and model infrastructure.</p>"
        ),
        "responsibilities": [
            "Design and ship features built on language, vision and speech models",
            "Build agents and tool-calling workflows that automate multi-step tasks",
            "Ground model answers in company data with retrieval and structured context",
            "Write evaluation suites and guardrails before a feature reaches users",
            "Work with product, design, support and domain experts to decide where AI helps",
            "Watch cost, latency, privacy and security of AI features in production",
        ],
        "skills": {
            "programming": ["Python", "TypeScript", "API design", "Testing", "Cloud services"],
            "genai": [
                "Prompt design",
                "Tool calling and agents",
                "Retrieval",
                "LLM evaluation",
                "Guardrails",
            ],
            "product": ["User experience for AI features", "Working with domain experts", "Writing specs"],
        },
        "tools": [
            ("OpenAI, Anthropic and Gemini APIs", "Hosted models"),
            ("LangChain / LlamaIndex", "Orchestration"),
            ("pgvector, Elasticsearch", "Retrieval"),
            ("FastAPI, Django", "Serving features"),
            ("Langfuse, Ragas", "Tracing and evaluation"),
        ],
        "faq": [
            (
                "Do AI engineers need to train models?",
                "Rarely from scratch. They mostly adapt existing models with prompts, retrieval and sometimes "
                "fine-tuning, and spend their effort on the product around the model.",
            ),
            (
                "Is AI engineering a good move for a software engineer?",
                "Yes. Strong software fundamentals are the base of the role; add evaluation, retrieval and an "
                "understanding of how models fail.",
            ),
        ],
        "related": [
            ("llm-engineer", "Specialises in large language models, often inside the same teams."),
            ("ml-engineer", "Goes deeper into training, deployment and model infrastructure."),
            ("rag-engineer", "Focuses on the retrieval layer most AI features depend on."),
        ],
        "statistic": "tech-skills-first",
        "salary": [_SOFTWARE_PAY],
        "patterns": [
            "AI engineer",
            "AI engineering",
            "artificial intelligence engineer",
            "AI developer",
            "AI software engineer",
            "software engineer AI",
            "applied AI engineer",
            "applied AI",
            "AI application engineer",
            "AI applications engineer",
            "AI product engineer",
            "AI solutions engineer",
            "AI solutions architect",
            "AI architect",
            "AI agent engineer",
            "AI agents engineer",
            "agentic AI engineer",
            "agent engineer",
            "conversational AI engineer",
            "chatbot developer",
            "AI automation engineer",
            "AI integration engineer",
            "full stack AI engineer",
            "AI full stack engineer",
            "forward deployed AI engineer",
            "head of AI",
            "AI lead",
            "forward deployed engineer AI",
            "ingénieur IA",
            "ingénieur intelligence artificielle",
            "KI Engineer",
            "KI-Entwickler",
            "KI-Ingenieur",
        ],
    },
    {
        "slug": "ml-engineer",
        "title": "Machine Learning Engineer",
        "role_name": "Machine Learning Engineer",
        "summary": "Builds, trains, deploys and maintains production machine learning models and the systems around them.",
        "intro": (
            "<p>Machine learning engineers take models from experiment to production. They build training "
            "pipelines, feature sets and model services, and they keep models accurate once real traffic "
            "arrives. Where a {{path:data-scientist}}data scientist{{/path}} asks whether a model is worth "
            "building, the ML engineer makes it reliable, fast and repeatable.</p>"
        ),
        "responsibilities": [
            "Build and maintain training pipelines from raw data to versioned models",
            "Engineer features and keep training and serving data consistent",
            "Train, tune and evaluate models against business and offline metrics",
            "Deploy models as batch jobs or low-latency services",
            "Monitor drift, accuracy and cost, and retrain when models degrade",
            "Work with data science, platform and research teams on what to build next",
        ],
        "skills": {
            "programming": ["Python", "SQL", "Software design", "Distributed computing"],
            "ml": ["Supervised learning", "Deep learning", "Model evaluation", "Feature engineering"],
            "infrastructure": ["Docker", "Kubernetes", "Model serving", "Experiment tracking"],
        },
        "tools": [
            ("PyTorch", "Training"),
            ("scikit-learn, XGBoost", "Classical models"),
            ("MLflow, Weights & Biases", "Experiment tracking"),
            ("Spark, Ray", "Distributed data and training"),
            ("Feast", "Feature store"),
            ("Kubernetes", "Serving"),
        ],
        "faq": [
            (
                "What is the difference between an ML engineer and a data scientist?",
                "Data scientists explore data and prove what a model can do; ML engineers build the production "
                "systems that train, serve and monitor it.",
            ),
            (
                "Do ML engineers work on LLMs?",
                "Increasingly. Fine-tuning, serving and evaluating large models is machine learning engineering "
                "at a larger scale.",
            ),
        ],
        "related": [
            ("mlops-engineer", "Owns the platform ML engineers deploy on."),
            ("data-scientist", "Explores the data and the modelling questions first."),
            ("ai-engineer", "Builds product features on top of trained models."),
        ],
        "statistic": "tech-skills-first",
        "salary": [_SOFTWARE_PAY, _DATA_SCIENTIST_PAY],
        "patterns": [
            "machine learning engineer",
            "ML engineer",
            "applied ML engineer",
            "applied machine learning engineer",
            "machine learning developer",
            "ML developer",
            "machine learning software engineer",
            "software engineer machine learning",
            "AI/ML engineer",
            "deep learning engineer",
            "computer vision engineer",
            "NLP engineer",
            "natural language processing engineer",
            "recommender systems engineer",
            "recommendation systems engineer",
            "ranking engineer",
            "machine learning engineering",
            "ML engineering",
            "ingénieur machine learning",
            "機械学習エンジニア",
            "مهندس تعلم الآلة",
            "machine learning",
            "ML",
        ],
    },
    {
        "slug": "llm-engineer",
        "title": "LLM Engineer",
        "role_name": "LLM Engineer",
        "summary": "Specialises in large language models: prompting, fine-tuning, evaluation and LLM application design.",
        "intro": (
            "<p>LLM engineers specialise in large language models. They choose and adapt models for a task, "
            "design prompts and structured outputs, fine-tune when prompting is not enough, and measure "
            "quality with evaluation sets. The title sits between {{path:ai-engineer}}AI engineering{{/path}} "
            "and machine learning engineering, and many job boards file it under generative AI.</p>"
        ),
        "responsibilities": [
            "Select, compare and adapt language models for each use case",
            "Design prompts, structured outputs and tool use that hold up in production",
            "Fine-tune models with supervised data or preference data when prompting is not enough",
            "Build evaluation sets and automated graders to measure quality over time",
            "Reduce hallucinations with grounding, citations and guardrails",
            "Balance quality, latency and cost across hosted and open-weight models",
        ],
        "skills": {
            "genai": [
                "Prompt engineering",
                "Fine-tuning (LoRA)",
                "LLM evaluation",
                "Tokenisation",
                "Guardrails",
            ],
            "ml": ["Transformers", "Embeddings", "Preference optimisation"],
            "programming": ["Python", "API design", "Async programming"],
        },
        "tools": [
            ("Hugging Face Transformers", "Open-weight models"),
            ("vLLM", "Inference"),
            ("OpenAI and Anthropic APIs", "Hosted models"),
            ("DSPy, LangChain", "Prompt programming"),
            ("PEFT / LoRA", "Fine-tuning"),
        ],
        "faq": [
            (
                "Is an LLM engineer the same as a prompt engineer?",
                "Prompting is part of the job, but LLM engineers also fine-tune, evaluate and deploy models. "
                "Pure prompt-engineering roles are rare.",
            ),
            (
                "Which background leads to LLM engineering?",
                "Software engineers who learn evaluation and fine-tuning, and ML engineers who move from "
                "classical models to language models, both make the switch.",
            ),
        ],
        "related": [
            ("ai-engineer", "Ships LLM features into products."),
            ("rag-engineer", "Builds the retrieval that grounds LLM answers."),
            ("llmops-engineer", "Runs LLMs in production: serving, monitoring and cost."),
        ],
        "statistic": "jobs-replaced",
        "salary": [_SOFTWARE_PAY],
        "patterns": [
            "LLM",
            "LLM engineer",
            "LLM developer",
            "LLM application engineer",
            "large language model",
            "large language models",
            "large language model engineer",
            "generative AI engineer",
            "generative AI developer",
            "generative AI",
            "GenAI engineer",
            "GenAI developer",
            "GenAI",
            "Gen AI engineer",
            "Gen AI",
            "prompt engineer",
            "foundation model engineer",
            "foundation models",
            "Gen AI developer",
            "IA générative",
            "LLM specialist",
        ],
    },
    {
        "slug": "rag-engineer",
        "title": "RAG Engineer",
        "role_name": "RAG Engineer",
        "summary": "Builds retrieval-augmented generation: search, embeddings and context that ground LLM answers.",
        "intro": (
            "<p>RAG engineers build the retrieval layer behind AI assistants and search. They decide how "
            "documents are split, embedded and indexed, combine keyword and vector search, rerank results, and "
            "measure whether the right context reaches the {{path:llm-engineer}}language model{{/path}}. Good "
            "retrieval is the difference between a grounded answer and a confident invention.</p>"
        ),
        "responsibilities": [
            "Design ingestion: parsing, chunking and enriching documents for retrieval",
            "Choose embedding models and index content in vector and keyword stores",
            "Combine hybrid search, filters and reranking to find the right passages",
            "Measure retrieval with recall, precision and answer-faithfulness metrics",
            "Keep indices fresh and access-controlled as source documents change",
        ],
        "skills": {
            "genai": ["Embeddings", "Chunking strategies", "Reranking", "Answer grounding and citations"],
            "data": ["Information retrieval", "Search relevance", "Document parsing"],
            "programming": ["Python", "Data pipelines", "APIs"],
        },
        "tools": [
            ("Elasticsearch / OpenSearch", "Hybrid search"),
            ("pgvector, Qdrant, Weaviate", "Vector stores"),
            ("Sentence Transformers", "Embeddings"),
            ("Cohere Rerank, cross-encoders", "Reranking"),
            ("LlamaIndex", "Ingestion and retrieval"),
        ],
        "faq": [
            (
                "Is RAG engineering a separate job or part of AI engineering?",
                "Both exist. Small teams fold it into AI engineering; larger ones hire retrieval or search "
                "engineers for it.",
            ),
            (
                "Which background helps most?",
                "Search and information retrieval. Ranking, relevance testing and indexing carry straight over.",
            ),
        ],
        "related": [
            ("llm-engineer", "Works on the model side of the same systems."),
            ("ai-engineer", "Ships the assistants that RAG systems feed."),
            ("data-engineer", "Builds the pipelines that bring documents in."),
        ],
        "statistic": None,
        "salary": [_SOFTWARE_PAY],
        "patterns": [
            "RAG",
            "RAG engineer",
            "RAG developer",
            "retrieval augmented generation",
            "retrieval-augmented generation",
            "retrieval engineer",
            "retrieval",
            "search and retrieval engineer",
            "information retrieval",
            "search engineer",
            "search relevance engineer",
            "semantic search engineer",
            "vector search engineer",
            "vector database engineer",
            "knowledge retrieval engineer",
            "search and relevance engineer",
            "relevance engineer",
            "knowledge retrieval",
        ],
    },
    {
        "slug": "llmops-engineer",
        "title": "LLMOps Engineer",
        "role_name": "LLMOps Engineer",
        "summary": "Runs LLM systems in production: serving, observability, evaluation pipelines, safety and cost.",
        "intro": (
            "<p>LLMOps engineers keep language-model systems healthy in production. They run inference "
            "services or gateways to hosted models, trace every call, automate evaluation on each release, and "
            "keep spend under control. The role grows out of {{path:mlops-engineer}}MLOps{{/path}}, with new "
            "concerns: prompts as versioned artefacts, token costs and safety filters.</p>"
        ),
        "responsibilities": [
            "Run model gateways and inference servers with autoscaling and fallbacks",
            "Trace prompts, responses, latency and token spend across applications",
            "Automate evaluation and regression checks for every prompt or model change",
            "Version prompts, models and datasets so releases can be rolled back",
            "Operate guardrails, PII filtering and abuse monitoring",
        ],
        "skills": {
            "infrastructure": ["Kubernetes", "GPU serving", "Observability", "CI/CD", "Cost management"],
            "genai": ["LLM evaluation", "Prompt versioning", "Guardrails", "Model routing"],
            "programming": ["Python", "Go or Rust (often)", "Infrastructure as code"],
        },
        "tools": [
            ("vLLM, TGI", "Inference servers"),
            ("LiteLLM", "Model gateway"),
            ("Langfuse, Arize Phoenix", "Tracing and evaluation"),
            ("Prometheus, Grafana", "Monitoring"),
            ("Terraform", "Infrastructure"),
        ],
        "faq": [
            (
                "How is LLMOps different from MLOps?",
                "The principles are the same; the work shifts from retraining models to managing prompts, "
                "hosted model providers, token costs and automated evaluation of free-text output.",
            ),
            (
                "Do LLMOps engineers need GPU experience?",
                "For self-hosted models, yes: batching, quantisation and autoscaling GPUs are core skills.",
            ),
        ],
        "related": [
            ("mlops-engineer", "The broader platform discipline LLMOps grew from."),
            ("llm-engineer", "Builds the LLM features LLMOps keeps running."),
            ("ai-engineer", "Ships the applications that depend on the platform."),
        ],
        "statistic": None,
        "salary": [_SOFTWARE_PAY],
        "patterns": [
            "LLMOps",
            "LLMOps engineer",
            "LLM Ops",
            "LLM operations",
            "LLM platform engineer",
            "LLM platform",
            "LLM infrastructure",
            "LLM inference",
            "inference engineer",
            "LLM observability",
            "AI observability",
            "LLM evaluation engineer",
            "AI evaluation engineer",
            "GenAIOps",
            "GenAI platform engineer",
            "generative AI platform engineer",
        ],
    },
    {
        "slug": "mlops-engineer",
        "title": "MLOps Engineer",
        "role_name": "MLOps Engineer",
        "summary": "Builds the platform that trains, deploys, monitors and governs machine learning models at scale.",
        "intro": (
            "<p>MLOps engineers build the shared platform that lets "
            "{{path:ml-engineer}}machine learning engineers{{/path}} ship models quickly and safely: pipelines, "
            "registries, serving infrastructure and monitoring. They apply DevOps practice to models, whose "
            "behaviour depends on data as much as on code.</p>"
        ),
        "responsibilities": [
            "Build CI/CD for models: automated training, testing and promotion",
            "Run model registries, feature stores and experiment tracking",
            "Operate serving infrastructure for batch and real-time inference",
            "Monitor data quality, drift and model performance in production",
            "Manage GPU and compute capacity and its cost",
            "Put governance in place: lineage, approvals and audit trails",
        ],
        "skills": {
            "infrastructure": ["Kubernetes", "Docker", "CI/CD", "Cloud platforms", "Infrastructure as code"],
            "ml": ["Model lifecycle", "Monitoring and drift", "Reproducible training"],
            "programming": ["Python", "Bash", "Go (often)"],
        },
        "tools": [
            ("Kubeflow, Airflow", "Pipelines"),
            ("MLflow", "Registry and tracking"),
            ("KServe, Seldon, BentoML", "Serving"),
            ("SageMaker, Vertex AI", "Managed ML platforms"),
            ("Evidently", "Monitoring"),
            ("Terraform", "Infrastructure"),
        ],
        "faq": [
            (
                "Is MLOps a DevOps job?",
                "It is DevOps for models: the same automation and reliability practice, plus data versioning, "
                "retraining and model monitoring.",
            ),
            (
                "What is an ML platform engineer?",
                "Usually the same role under another name: the person who builds the internal ML platform.",
            ),
        ],
        "related": [
            ("ml-engineer", "Builds the models the platform serves."),
            ("llmops-engineer", "Applies the same practice to language models."),
            ("data-engineer", "Runs the data pipelines models are trained on."),
        ],
        "statistic": None,
        "salary": [_SOFTWARE_PAY],
        "patterns": [
            "MLOps",
            "MLOps engineer",
            "ML Ops",
            "ML Ops engineer",
            "machine learning operations",
            "ML operations",
            "ML platform engineer",
            "ML platform",
            "machine learning platform",
            "machine learning platform engineer",
            "ML infrastructure",
            "ML infrastructure engineer",
            "machine learning infrastructure",
            "ML infra",
            "AI platform engineer",
            "AI infrastructure engineer",
            "ML systems engineer",
            "model deployment engineer",
            "model serving engineer",
            "ML reliability engineer",
            "AI platform",
        ],
    },
    {
        "slug": "data-scientist",
        "title": "Data Scientist",
        "role_name": "Data Scientist",
        "summary": "Turns data into decisions with statistics, experiments and predictive models.",
        "intro": (
            "<p>Data scientists use statistics, experiments and models to answer business questions: what "
            "drives churn, whether a feature worked, which customers to contact next. They explore messy "
            "data, test ideas quickly and explain results to people who decide. Models that prove their worth "
            "are often productionised with {{path:ml-engineer}}machine learning engineers{{/path}}.</p>"
        ),
        "responsibilities": [
            "Frame business questions as analyses, experiments or models",
            "Explore and clean data, and check it is fit for the question",
            "Design and analyse A/B tests and other experiments",
            "Build predictive and causal models and explain their limits",
            "Communicate findings to product, marketing and leadership",
        ],
        "skills": {
            "data": ["SQL", "Statistics", "Experiment design", "Causal inference", "Data visualisation"],
            "ml": ["Regression and classification", "Forecasting", "Model evaluation"],
            "product": ["Storytelling with data", "Stakeholder management"],
        },
        "tools": [
            ("Python (pandas, scikit-learn)", "Analysis and modelling"),
            ("R", "Statistics"),
            ("Jupyter", "Exploration"),
            ("dbt, Snowflake, BigQuery", "Data access"),
            ("Tableau / Looker", "Dashboards"),
        ],
        "faq": [
            (
                "Do data scientists still matter with generative AI?",
                "Yes. Evaluating AI features, designing experiments and reasoning about causality are data "
                "science skills that GenAI teams need.",
            ),
            (
                "Do I need a PhD?",
                "No. Most roles ask for strong statistics and programming; research-heavy roles may prefer a "
                "graduate degree.",
            ),
        ],
        "related": [
            ("data-analyst", "Works closer to reporting and business questions."),
            ("ml-engineer", "Takes models to production."),
            ("ai-research-scientist", "Pushes the methods themselves forward."),
        ],
        "statistic": "data-scientist-insight",
        "salary": [_DATA_SCIENTIST_PAY],
        "patterns": [
            "data scientist",
            "data science",
            "applied data scientist",
            "product data scientist",
            "research data scientist",
            "decision scientist",
            "statistician",
            "quantitative analyst",
            "machine learning data scientist",
            "head of data science",
            "científico de datos",
            "Datenwissenschaftler",
        ],
    },
    {
        "slug": "data-engineer",
        "title": "Data Engineer",
        "role_name": "Data Engineer",
        "summary": "Builds the pipelines, warehouses and platforms that make data reliable and ready to use.",
        "intro": (
            "<p>Data engineers move data from where it is created to where it is used. They build ingestion "
            "and transformation pipelines, model warehouses and lakes, and make sure data arrives on time, "
            "complete and documented. Analysts, {{path:data-scientist}}data scientists{{/path}} and AI systems "
            "all depend on their work.</p>"
        ),
        "responsibilities": [
            "Build batch and streaming pipelines from applications, APIs and files",
            "Model data in warehouses and lakehouses for analytics and ML",
            "Test data quality and alert on late or broken data",
            "Manage orchestration, lineage and documentation",
            "Tune storage and compute for performance and cost",
        ],
        "skills": {
            "data": ["SQL", "Data modelling", "Data quality testing", "Streaming"],
            "programming": ["Python", "Scala or Java (often)", "Software engineering practice"],
            "infrastructure": ["Cloud data platforms", "Orchestration", "Infrastructure as code"],
        },
        "tools": [
            ("Apache Spark", "Processing"),
            ("Apache Airflow, Dagster", "Orchestration"),
            ("dbt", "Transformation"),
            ("Kafka", "Streaming"),
            ("Snowflake, BigQuery, Databricks", "Warehouses and lakehouses"),
        ],
        "faq": [
            (
                "Is analytics engineering part of data engineering?",
                "Analytics engineers focus on transformation and modelling inside the warehouse, usually with "
                "dbt; we group them with data engineering.",
            ),
            (
                "How does data engineering relate to AI work?",
                "Every AI system needs clean, fresh data: data engineers build the pipelines for training data, "
                "features and retrieval.",
            ),
        ],
        "related": [
            ("data-analyst", "Uses the models data engineers build."),
            ("mlops-engineer", "Builds the ML platform on top of data pipelines."),
            ("rag-engineer", "Depends on document pipelines for retrieval."),
        ],
        "statistic": None,
        "salary": [_DATABASE_PAY],
        "patterns": [
            "data engineer",
            "data engineering",
            "big data engineer",
            "analytics engineer",
            "ETL developer",
            "ETL engineer",
            "data pipeline engineer",
            "data platform engineer",
            "data infrastructure engineer",
            "data warehouse engineer",
            "data warehouse developer",
            "data integration engineer",
            "DataOps engineer",
            "data architect",
            "ingénieur data",
            "ingénieur données",
            "Dateningenieur",
            "ingeniero de datos",
        ],
    },
    {
        "slug": "data-analyst",
        "title": "Data Analyst",
        "role_name": "Data Analyst",
        "summary": "Answers business questions with SQL, dashboards and clear reporting.",
        "intro": (
            "<p>Data analysts turn data into answers people can act on. They write SQL, build dashboards and "
            "reports, investigate changes in metrics and explain what they found. It is a common first step "
            "into data careers and leads on to {{path:data-scientist}}data science{{/path}}, analytics "
            "engineering or business intelligence leadership.</p>"
        ),
        "responsibilities": [
            "Write SQL to answer questions from product, sales, marketing and finance",
            "Build and maintain dashboards and recurring reports",
            "Define metrics and keep their definitions consistent",
            "Investigate changes in metrics and explain their causes",
            "Present findings and recommendations to non-technical audiences",
        ],
        "skills": {
            "data": ["SQL", "Spreadsheets", "Descriptive statistics", "Data visualisation", "Metric design"],
            "product": ["Business understanding", "Presenting findings"],
            "programming": ["Python or R (basic)"],
        },
        "tools": [
            ("SQL", "Querying"),
            ("Excel / Google Sheets", "Ad-hoc analysis"),
            ("Power BI, Tableau, Looker", "Dashboards"),
            ("Python (pandas)", "Analysis"),
        ],
        "faq": [
            (
                "Will AI replace data analysts?",
                "AI speeds up querying and charting, but deciding what to measure and explaining it still needs "
                "analysts, and demand is expected to keep growing.",
            ),
            (
                "What is the difference between a data analyst and a BI analyst?",
                "Little in practice: BI analysts focus more on dashboards and reporting platforms.",
            ),
        ],
        "related": [
            ("data-scientist", "The next step into modelling and experiments."),
            ("data-engineer", "Builds the data the analyst relies on."),
            ("ai-engineer", "Where analysts who code move to build AI tools."),
        ],
        "statistic": "analyst-growth",
        "salary": [_ANALYST_PAY],
        "patterns": [
            "data analyst",
            "data analytics",
            "BI analyst",
            "business intelligence analyst",
            "business intelligence developer",
            "business intelligence engineer",
            "BI developer",
            "BI engineer",
            "product analyst",
            "reporting analyst",
            "insights analyst",
            "analytics specialist",
            "Power BI developer",
            "Tableau developer",
            "marketing analyst",
            "analytics manager",
            "head of analytics",
            "analytics lead",
            "analyste de données",
            "analista de datos",
            "Datenanalyst",
        ],
    },
    {
        "slug": "ai-research-scientist",
        "title": "AI Research Scientist",
        "role_name": "AI Research Scientist",
        "summary": "Invents and tests new machine learning methods and publishes or ships what works.",
        "intro": (
            "<p>AI research scientists advance the methods themselves: new architectures, training recipes, "
            "evaluation methods and ways to make models safer and cheaper. They run experiments at scale, "
            "publish, and work with engineers to move results into products. Research engineers in the same "
            "teams build the training infrastructure; {{path:ml-engineer}}ML engineers{{/path}} productionise "
            "the results.</p>"
        ),
        "responsibilities": [
            "Form hypotheses and design experiments on models and training methods",
            "Train and analyse models at scale, including ablations",
            "Read and build on current literature; publish results",
            "Create benchmarks and evaluation methods",
            "Work with engineers to turn research results into products",
        ],
        "skills": {
            "ml": ["Deep learning theory", "Optimisation", "Experiment design", "Reinforcement learning"],
            "programming": ["Python", "PyTorch or JAX", "GPU programming (often)"],
            "product": ["Scientific writing", "Presenting research"],
        },
        "tools": [
            ("PyTorch, JAX", "Research code"),
            ("Weights & Biases", "Experiment tracking"),
            ("Slurm, Kubernetes", "Compute clusters"),
            ("LaTeX", "Papers"),
        ],
        "faq": [
            (
                "Do AI research scientists need a PhD?",
                "Most postings ask for one or equivalent research experience, such as first-author publications.",
            ),
            (
                "What does a research engineer do?",
                "Research engineers build the code and infrastructure that research runs on; the line between "
                "the two roles is blurry in many labs.",
            ),
        ],
        "related": [
            ("ml-engineer", "Productionises research results."),
            ("llm-engineer", "Applies language-model research in products."),
            ("data-scientist", "Uses similar methods on business questions."),
        ],
        "statistic": None,
        "salary": [_RESEARCH_PAY],
        "patterns": [
            "research scientist",
            "machine learning research",
            "ML research",
            "AI research",
            "AI research scientist",
            "AI researcher",
            "AI scientist",
            "machine learning researcher",
            "machine learning scientist",
            "ML researcher",
            "ML scientist",
            "research engineer",
            "AI research engineer",
            "applied scientist",
            "applied research scientist",
            "deep learning researcher",
            "NLP researcher",
            "NLP scientist",
            "computer vision researcher",
        ],
    },
]


def _row(aspect: str, left: str, right: str) -> dict:
    return {"aspect": aspect, "left": left, "right": right}


COMPARISONS: list[dict] = [
    {
        "slug": "ai-engineer-vs-machine-learning-engineer",
        "title": "AI Engineer vs Machine Learning Engineer",
        "left": "ai-engineer",
        "right": "ml-engineer",
        "summary": (
            "How AI engineering and machine learning engineering differ in responsibilities, skills, salary "
            "signals and fit for GenAI and LLM teams."
        ),
        "intro": (
            "The two roles overlap but are not the same job. AI engineers mostly apply AI capabilities inside "
            "products and workflows; machine learning engineers go deeper into building, training, deploying "
            "and running the models and the infrastructure around them."
        ),
        "short_version": ("Pick by what you want to own: the AI-powered product, or the model and its platform."),
        "choose_left_if": (
            "you want to build AI products and LLM applications: retrieval systems, agents, automations and "
            "workflows that users work with directly."
        ),
        "choose_right_if": (
            "you want to build, train, tune, deploy and maintain models and the ML platforms they run on."
        ),
        "tables": [
            {
                "topic": "responsibilities",
                "heading": "How the responsibilities differ",
                "intro": "",
                "rows": [
                    _row(
                        "Main output",
                        "Product features, internal tools and business workflows built on model capabilities.",
                        "Production ML systems: training pipelines, model services and monitoring.",
                    ),
                    _row(
                        "Typical week",
                        "Wiring models into features, writing evaluations, iterating on prompts and retrieval.",
                        "Preparing data and features, training and tuning, deploying and watching models.",
                    ),
                ],
            },
            {
                "topic": "collaborators",
                "heading": "Who they work with",
                "intro": "",
                "rows": [
                    _row(
                        "Closest teams",
                        "Product, design, support, operations and domain experts.",
                        "Data science, platform, research and infrastructure teams.",
                    ),
                ],
            },
            {
                "topic": "skills",
                "heading": "Skills comparison",
                "intro": ("<p>Both need solid software engineering. Where they go deep differs.</p>"),
                "rows": [
                    _row(
                        "Core depth",
                        "Software fundamentals plus judgement on prompts, APIs, retrieval and evaluation.",
                        "Data pipelines, model training, feature stores, experimentation and model performance.",
                    ),
                    _row(
                        "Also expected",
                        "Security, privacy and user experience of AI features.",
                        "Deployment, distributed systems and monitoring of model quality.",
                    ),
                ],
            },
            {
                "topic": "salary",
                "heading": "Salary and career path signals",
                "intro": (
                    "<p>Pay follows ownership more than the title. See live figures on the "
                    "{{path:ai-engineer}}AI engineer{{/path}} and {{path:ml-engineer}}machine learning "
                    "engineer{{/path}} paths.</p>"
                ),
                "rows": [
                    _row(
                        "What raises pay",
                        "Owning production systems, LLM evaluation and business-critical features can price "
                        "AI engineers close to ML engineers.",
                        "Deep modelling work, distributed systems or platform responsibility can command higher pay.",
                    ),
                ],
            },
            {
                "topic": "genai_fit",
                "heading": "Which path fits GenAI and LLM work?",
                "intro": (
                    "<p>Many teams need both: AI engineers shape the user-facing system; ML engineers make the "
                    "model and platform dependable.</p>"
                ),
                "rows": [
                    _row(
                        "Best match",
                        "LLM applications: AI engineer is often the more direct title.",
                        "Model lifecycle, training, serving and infrastructure: ML engineering remains the "
                        "stronger match.",
                    ),
                ],
            },
        ],
        "statistics": ["analyst-growth", "tech-skills-first", "jobs-replaced"],
        "faq": [
            (
                "Is an AI engineer the same as a machine learning engineer?",
                "No. The roles overlap, but AI engineers focus on applying models in products, while ML "
                "engineers focus on building, training and operating the models.",
            ),
            (
                "Which role is better for working with LLMs?",
                "For LLM applications, AI engineering is usually the more direct route; for training, "
                "fine-tuning and serving models, machine learning engineering fits better.",
            ),
            (
                "Which pays more?",
                "It depends on ownership. ML engineers with deep modelling or platform responsibility often "
                "earn more; AI engineers owning business-critical LLM systems can be paid similarly.",
            ),
            (
                "Can I move from one role to the other?",
                "Yes. Both start from software engineering; AI engineers add modelling depth, ML engineers add "
                "product and evaluation skills.",
            ),
        ],
        "related": [
            ("ai-engineer", "Browse AI engineer jobs and salaries."),
            ("ml-engineer", "Browse machine learning engineer jobs and salaries."),
            ("llm-engineer", "The specialist path for large language models."),
            ("rag-engineer", "The retrieval side of LLM applications."),
            ("llmops-engineer", "Running LLM systems in production."),
        ],
    },
    {
        "slug": "llm-engineer-vs-machine-learning-engineer",
        "title": "LLM Engineer vs Machine Learning Engineer",
        "left": "llm-engineer",
        "right": "ml-engineer",
        "summary": "Specialising in large language models versus building machine learning systems in general.",
        "intro": (
            "LLM engineers specialise in one family of models and the applications built on them; machine "
            "learning engineers cover the whole range of models, from ranking and forecasting to vision and "
            "language, and the systems that train and serve them."
        ),
        "short_version": "Specialise in language models, or stay broad across machine learning.",
        "choose_left_if": (
            "you want to work on prompting, fine-tuning and evaluating language models and the products built on them."
        ),
        "choose_right_if": (
            "you want breadth: many kinds of models, training pipelines, feature engineering and serving."
        ),
        "tables": [
            {
                "topic": "responsibilities",
                "heading": "How the responsibilities differ",
                "intro": "",
                "rows": [
                    _row(
                        "Main output",
                        "LLM-powered features with evaluation suites and guardrails.",
                        "Trained models and the pipelines and services around them.",
                    ),
                    _row(
                        "Training",
                        "Fine-tuning and adapting pretrained language models.",
                        "Training models of many kinds, often from scratch on company data.",
                    ),
                ],
            },
            {
                "topic": "skills",
                "heading": "Skills comparison",
                "intro": "",
                "rows": [
                    _row(
                        "Core depth",
                        "Transformers, prompting, fine-tuning, LLM evaluation.",
                        "Statistics, feature engineering, training at scale, model serving.",
                    ),
                ],
            },
            {
                "topic": "salary",
                "heading": "Salary signals",
                "intro": "",
                "rows": [
                    _row(
                        "What raises pay",
                        "Scarce experience shipping and evaluating LLM systems in production.",
                        "Ownership of high-traffic models and ML platforms.",
                    ),
                ],
            },
            {
                "topic": "genai_fit",
                "heading": "Fit for GenAI and LLM work",
                "intro": "",
                "rows": [
                    _row(
                        "Best match",
                        "The most direct title for GenAI teams.",
                        "Strong for model training and serving in GenAI platforms.",
                    ),
                ],
            },
        ],
        "statistics": ["tech-skills-first", "jobs-replaced"],
        "faq": [
            (
                "Is LLM engineering a subset of machine learning engineering?",
                "Partly. It applies ML engineering to language models, with extra focus on prompting, "
                "evaluation of free text and application design.",
            ),
            (
                "Which is safer long term?",
                "ML engineering is broader; LLM engineering is in higher demand today. Skills transfer both ways.",
            ),
        ],
        "related": [
            ("llm-engineer", "Browse LLM engineer jobs and salaries."),
            ("ml-engineer", "Browse machine learning engineer jobs and salaries."),
            ("llmops-engineer", "Running language models in production."),
        ],
    },
    {
        "slug": "data-scientist-vs-machine-learning-engineer",
        "title": "Data Scientist vs Machine Learning Engineer",
        "left": "data-scientist",
        "right": "ml-engineer",
        "summary": "Finding what the data says versus building the systems that act on it.",
        "intro": (
            "Data scientists answer questions with data and prove whether a model is worth building; machine "
            "learning engineers build the production systems that train, serve and monitor models."
        ),
        "short_version": "Analysis and experiments, or production systems.",
        "choose_left_if": (
            "you enjoy statistics, experiments and explaining findings to the people who make decisions."
        ),
        "choose_right_if": (
            "you enjoy software engineering and want models running reliably for millions of requests."
        ),
        "tables": [
            {
                "topic": "responsibilities",
                "heading": "How the responsibilities differ",
                "intro": "",
                "rows": [
                    _row(
                        "Main output",
                        "Analyses, experiment results and prototype models.",
                        "Production models, pipelines and services.",
                    ),
                ],
            },
            {
                "topic": "collaborators",
                "heading": "Who they work with",
                "intro": "",
                "rows": [
                    _row(
                        "Closest teams",
                        "Product managers, marketing, finance and leadership.",
                        "Data scientists, platform and backend engineers.",
                    ),
                ],
            },
            {
                "topic": "skills",
                "heading": "Skills comparison",
                "intro": "",
                "rows": [
                    _row(
                        "Core depth",
                        "Statistics, experiment design, SQL and communication.",
                        "Software engineering, distributed systems and model serving.",
                    ),
                ],
            },
            {
                "topic": "salary",
                "heading": "Salary signals",
                "intro": "",
                "rows": [
                    _row(
                        "US median (BLS, May 2023)",
                        "$108,020 for data scientists.",
                        "No BLS category; software developers, the closest, earned $132,270.",
                    ),
                ],
            },
            {
                "topic": "genai_fit",
                "heading": "Fit for GenAI and LLM work",
                "intro": "",
                "rows": [
                    _row(
                        "Best match",
                        "Evaluating AI features and measuring their impact.",
                        "Fine-tuning, serving and scaling models.",
                    ),
                ],
            },
        ],
        "statistics": ["data-scientist-insight", "tech-skills-first"],
        "faq": [
            (
                "Can a data scientist become an ML engineer?",
                "Yes, by building software engineering depth: testing, services, deployment and monitoring.",
            ),
        ],
        "related": [
            ("data-scientist", "Browse data scientist jobs and salaries."),
            ("ml-engineer", "Browse machine learning engineer jobs and salaries."),
            ("data-analyst", "A common step before data science."),
        ],
    },
]

HOME = {
    "title": "Data & AI Careers",
    "slug": "home",
    "intro": "Career paths, comparisons, jobs and salaries.",
}
HUB = {
    "title": "Explore Data & AI career paths",
    "slug": "careers",
    "intro": (
        "<p>Ten career paths across AI engineering, machine learning and data: what each role does, the skills "
        "it needs, live job openings and salary figures from real listings.</p>"
    ),
}
COMPARISON_INDEX = {
    "title": "Compare career paths",
    "slug": "compare",
    "intro": "Side-by-side comparisons of related Data & AI roles.",
}
