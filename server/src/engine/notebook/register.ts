import { registerFamilyAnalyzer } from '../analyze';
import { analyzeNotebook } from './analyze-notebook';
import { NotebookFormatError, parseIpynb } from './ipynb';

/** `.ipynb` files read from disk (language id `jupyter`) are analysed cell by cell. */
registerFamilyAnalyzer('notebook', (document, options) => {
  const label = options.filePath ?? document.filePath ?? '<notebook>';
  try {
    return analyzeNotebook(parseIpynb(document.text), options);
  } catch (error) {
    if (error instanceof NotebookFormatError) return { findings: [], notes: [`${label}: skipped: ${error.message}`] };
    throw error;
  }
});
