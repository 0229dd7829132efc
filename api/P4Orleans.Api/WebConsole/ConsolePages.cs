using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// The console's pages: small server-rendered HTML, every value HTML-encoded, no script, a strict content security
/// policy (nothing loads but the page itself), never cached. Each form carries the anti-forgery token.
/// </summary>
public static class ConsolePages
{
    /// <summary>The form field holding the anti-forgery token.</summary>
    public const string AntiforgeryField = "__RequestVerificationToken";

    private const string Style = "body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
        + "label,input,button{display:block;margin:.4rem 0}input{width:100%;padding:.3rem}ul{padding-left:1.2rem}";

    /// <summary>Text made safe for HTML.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>Writes a page with its status and the console's headers.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string title, string body)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            // An empty icon: the browser asks for nothing else.
            .Append("<link rel=\"icon\" href=\"data:,\">")
            .Append("<title>").Append(E(title)).Append(" · P4Orleans</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>").Append(E(title)).Append("</h1>").Append(body).Append("</body></html>");
        await response.WriteAsync(html.ToString(), http.RequestAborted);
    }

    /// <summary>The hidden field of a form, with a token bound to the current user (or to nobody, before sign-in).</summary>
    public static string AntiforgeryInput(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>The sign-out button, on every page of a signed-in user.</summary>
    public static string SignOutForm(HttpContext http) =>
        $"<form method=\"post\" action=\"{ConsoleApi.SignOutPath}\">{AntiforgeryInput(http)}<button type=\"submit\" id=\"sign-out\">Sign out</button></form>";

    /// <summary>The development sign-in form: a registered user's id.</summary>
    public static string SignInForm(HttpContext http, string returnUrl, string? message) =>
        (message is null ? "" : $"<p role=\"alert\" id=\"message\">{E(message)}</p>")
        + "<p>Development sign-in on this machine only: enter the id of a registered, active user.</p>"
        + $"<form method=\"post\" action=\"{ConsoleApi.SignInPath}\">{AntiforgeryInput(http)}"
        + $"<input type=\"hidden\" name=\"returnUrl\" value=\"{E(returnUrl)}\">"
        + "<label for=\"userId\">User id</label><input id=\"userId\" name=\"userId\" autocomplete=\"off\" maxlength=\"64\" required>"
        + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>";
}
