import { errorFactory } from '@hop3/core';

/** Stable error codes of the Python builder: the closed union {@link PythonBuildErrorCode}. */
export const PythonBuildErrorCodes = {
  /** `pip install` failed: the message carries pip's own error lines. */
  pipFailed: 'HOP3_PYTHON_PIP_FAILED',
  /** The interpreter (HOP3_PYTHON) is missing or does not run. */
  pythonNotFound: 'HOP3_PYTHON_NOT_FOUND',
  /** `python -m venv` failed. */
  venvFailed: 'HOP3_PYTHON_VENV_FAILED',
  /** The app asks for a Python version the server's interpreter is not. */
  pythonVersionMismatch: 'HOP3_PYTHON_VERSION_MISMATCH',
  /** Neither requirements.txt nor pyproject.toml is in the source. */
  noDependencyFile: 'HOP3_PYTHON_NO_PROJECT',
} as const;

export type PythonBuildErrorCode = (typeof PythonBuildErrorCodes)[keyof typeof PythonBuildErrorCodes];

/** The Python builder's errors: an app that asks for another Python, or has no dependency file, is bad input. */
export const pythonError = errorFactory<PythonBuildErrorCode>({
  input: [PythonBuildErrorCodes.pythonVersionMismatch, PythonBuildErrorCodes.noDependencyFile],
});
