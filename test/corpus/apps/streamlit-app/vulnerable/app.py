import logging

import google.generativeai as genai
import pandas as pd
import streamlit as st
import yaml

logging.basicConfig(level=logging.INFO)

genai.configure(api_key="AIzaf9CMMLA0jJ99k8jSy6yG9lYuvvLh2AhMyhh")

with open("prompts.yaml") as fh:
    PROMPTS = yaml.load(fh, Loader=yaml.Loader)

st.title("Spreadsheet analyst")
role = st.text_input("Who should the analyst be?", "a careful financial analyst")
uploaded = st.file_uploader("Upload a CSV", type="csv")
question = st.text_area("Your question")

if uploaded and question:
    df = pd.read_csv(uploaded)
    model = genai.GenerativeModel("gemini-1.5-pro", system_instruction=f"You are {role}. {PROMPTS['analyst']}")
    logging.info("question from user: %s", question)
    response = model.generate_content(
        f"Here is a table:\n{df.head(50).to_csv()}\n\nWrite a pandas expression over `df` that answers: {question}"
    )
    code = response.text.strip().strip("`")
    st.code(code, language="python")
    result = eval(code, {"df": df, "pd": pd})
    st.write(result)
    st.markdown(f"**Model notes:** {response.text}", unsafe_allow_html=True)
