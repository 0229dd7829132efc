namespace P4Orleans.Api.WebConsole;

/// <summary>The console's style sheet: inline on each page, allowed by its hash in the content security policy.</summary>
public static class ConsoleStyle
{
    // Focus is always visible (keyboard users), the skip link appears when focused, tables scroll on narrow screens.
    public const string Css =
        "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa;line-height:1.4}"
        + ".skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}.skip:focus{left:.5rem;z-index:2}"
        + "header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;background:#123;color:#fff;padding:.5rem 1rem}"
        + "header a{color:#fff}nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.8rem;margin:0;padding:0}"
        + "nav a[aria-current=page]{font-weight:bold;text-decoration:underline}"
        + "main{max-width:72rem;margin:1rem auto;padding:0 1rem}main:focus{outline:none}"
        + "table{border-collapse:collapse;width:100%;margin:.5rem 0;background:#fff}th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}"
        + "form.inline{display:inline}fieldset{border:1px solid #ccc;margin:.5rem 0;background:#fff}label{display:block;margin:.3rem 0 .1rem}"
        + "input,select,button,textarea{font:inherit;padding:.2rem .4rem}button{cursor:pointer}"
        + ":focus-visible{outline:3px solid #e8a400;outline-offset:2px}"
        + ".message{border-left:4px solid #b00;background:#fff3f3;padding:.4rem .8rem}.ok{border-left:4px solid #070;background:#f2fff2;padding:.4rem .8rem}"
        + ".muted{color:#555}.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-end}"
        // A report prints alone: no header, navigation or forms on paper.
        + "pre.report{white-space:pre-wrap;background:#fff;border:1px solid #ccc;padding:.8rem}"
        + "@media print{header,.skip,form,.no-print{display:none}body{background:#fff}pre.report{border:0}}";
}
