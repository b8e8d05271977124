/** Stable error codes of the Python builder. */
export const PythonBuildErrorCodes = {
  /** `pip install` failed: the message carries pip's own error lines. */
  pipFailed: 'HOP3_PIP_FAILED',
  /** The interpreter (HOP3_PYTHON) is missing or does not run. */
  pythonNotFound: 'HOP3_PYTHON_NOT_FOUND',
  /** `python -m venv` failed. */
  venvFailed: 'HOP3_VENV_FAILED',
  /** The app asks for a Python version the server's interpreter is not. */
  pythonVersionMismatch: 'HOP3_PYTHON_VERSION_MISMATCH',
  /** Neither requirements.txt nor pyproject.toml is in the source. */
  noDependencyFile: 'HOP3_NO_PYTHON_PROJECT',
} as const;
