import ExcelJS from 'exceljs';

/** A multipart body with one file in field `file`, as a browser form sends it. */
export function multipartFile(filename: string, content: Buffer, type = 'application/octet-stream') {
  const boundary = '----gridgov-import-test';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** An .xlsx with one sheet: the header row then the rows, every cell as text. */
export async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('数据');
  for (const row of rows) sheet.addRow(row.map(String));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A UTF-8 CSV of the rows (cells quoted when needed). */
export function csvOf(rows: (string | number)[][]): Buffer {
  const cell = (c: string | number) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c));
  return Buffer.from(rows.map((r) => r.map(cell).join(',')).join('\r\n'), 'utf8');
}
