import json
import logging
import os

import google.generativeai as genai
import pandas as pd
import streamlit as st
import yaml

logging.basicConfig(level=logging.INFO)

genai.configure(api_key=os.environ["GOOGLE_API_KEY"])

with open("prompts.yaml") as fh:
    PROMPTS = yaml.safe_load(fh)

AGGREGATIONS = {"sum", "mean", "min", "max", "count"}

st.title("Spreadsheet analyst")
uploaded = st.file_uploader("Upload a CSV", type="csv")
question = st.text_area("Your question", max_chars=1000)

if uploaded and question:
    df = pd.read_csv(uploaded)
    model = genai.GenerativeModel(
        "gemini-1.5-pro",
        system_instruction=PROMPTS["analyst"]
        + ' Reply with JSON {"column": ..., "aggregation": one of sum, mean, min, max, count}.',
    )
    logging.info("question received (%d characters)", len(question))
    response = model.generate_content(
        [{"role": "user", "parts": ["Columns: " + ", ".join(map(str, df.columns)), question]}],
        generation_config={"max_output_tokens": 200, "response_mime_type": "application/json"},
    )
    plan = json.loads(response.text)
    if plan.get("column") not in df.columns or plan.get("aggregation") not in AGGREGATIONS:
        st.error("The analyst could not map that question to a column and an aggregation.")
    else:
        st.write(getattr(df[plan["column"]], plan["aggregation"])())
        st.caption(f"{plan['aggregation']} of {plan['column']}")
