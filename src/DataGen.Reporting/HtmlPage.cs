using System.Globalization;
using System.Net;
using System.Text;

namespace DataGen.Reporting;

/// <summary>
/// Builds one self-contained HTML page: every text goes through <c>WebUtility.HtmlEncode</c>, images are
/// embedded as data URIs, and no script is ever emitted (generated text is untrusted).
/// </summary>
internal sealed class HtmlPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        img { max-width: 100%; border: 1px solid #ddd; margin: 0.5rem 0; }
        .warn { background: #fff3cd; border: 1px solid #e0c060; padding: 0.5rem 1rem; }
        .muted { color: #666; }
        """;

    private readonly StringBuilder _body = new();
    private readonly string _title;

    public HtmlPage(string title) => _title = title;

    public HtmlPage Heading(int level, string text)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<h{level}>{Encode(text)}</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A table; cells that parse as numbers are right-aligned.</summary>
    public HtmlPage Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><thead><tr>");
        foreach (var header in headers)
        {
            _body.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        _body.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                var numeric = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                _body.Append(numeric ? "<td class=\"n\">" : "<td>").Append(Encode(cell)).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>A PNG embedded as a data URI, with its file name (written beside the page) as the caption.</summary>
    public HtmlPage Image(string fileName, byte[] png, string alt)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<figure><img alt=\"{Encode(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption class=\"muted\">{Encode(fileName)}</figcaption></figure>\n");
        return this;
    }

    public override string ToString() =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n" +
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n" +
        $"<title>{Encode(_title)}</title><style>{Style}</style></head>\n<body>\n<h1>{Encode(_title)}</h1>\n{_body}</body></html>\n";

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public static string Number(double value) => value.ToString(value == Math.Floor(value) && Math.Abs(value) < 1e15 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
