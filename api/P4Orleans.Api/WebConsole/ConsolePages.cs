using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// The session's own pages (sign-in, sign-out, refusals), written without Razor so that they answer even where the
/// console's pages are refused: every value HTML-encoded, no script, the console's style and headers. Each form carries
/// the anti-forgery token.
/// </summary>
public static class ConsolePages
{
    /// <summary>The form field holding the anti-forgery token.</summary>
    public const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>Text made safe for HTML.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>Writes a page with its status and the console's headers.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string title, string body)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        ConsoleSetup.SetPageHeaders(response);
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(ConsoleText.Of(http).Code).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            // An empty icon: the browser asks for nothing else.
            .Append("<link rel=\"icon\" href=\"data:,\">")
            .Append("<title>").Append(E(title)).Append(" · P4Orleans</title><style>").Append(ConsoleStyle.Css).Append("</style></head><body><main id=\"main\">")
            .Append("<h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
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
