// Which files a supplier may attach as evidence for a social value return: documents, spreadsheets, presentations,
// text and images, told by the file name's extension. Programs, scripts, archives and web pages are refused, so an
// officer who opens the evidence is not handed something that runs.
const EVIDENCE_EXTENSIONS = new Set(
  (
    'pdf doc docx odt rtf txt md csv tsv xls xlsx ods ppt pptx odp ' + 'jpg jpeg png gif webp heic heif tif tiff bmp'
  ).split(' '),
)

/** Why a file cannot be attached as evidence, or null if it can. */
export function evidenceFileProblem(fileName: string): string | null {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(fileName.trim())?.[1]?.toLowerCase()
  if (extension && EVIDENCE_EXTENSIONS.has(extension)) return null
  return `${fileName} is not a document, spreadsheet or image: attach a file such as a PDF, Word or Excel file, or a photo`
}
