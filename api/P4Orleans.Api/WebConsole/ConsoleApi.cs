using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// The console's session endpoints: the development sign-in (Development and this machine only, 404 otherwise), sign-out,
/// the language choice, and what the pages fetch (an intake job's progress, its rejections as CSV, the progress script).
/// The pages themselves are Razor Pages (<c>WebConsole/Pages</c>). Not in the OpenAPI document: these serve browsers.
/// </summary>
public static partial class ConsoleApi
{
    public const string SignInPath = "/console/sign-in";
    public const string SignOutPath = "/console/sign-out";
    public const string HomePath = "/console";

    // A sign-in or sign-out form is three short fields: anything larger is refused before it is read.
    private static readonly FormOptions SmallForm = new() { ValueCountLimit = 8, KeyLengthLimit = 64, ValueLengthLimit = 1024, MultipartBodyLengthLimit = 8 * 1024 };

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup(HomePath).ExcludeFromDescription();
        console.MapGet("/sign-in", SignInPage).AllowAnonymous();
        console.MapPost("/sign-in", SignInAsync).AllowAnonymous();
        console.MapPost("/sign-out", (Func<HttpContext, Task<IResult>>)SignOutAsync).AllowAnonymous();
        console.MapPost("/language", (Func<HttpContext, Task<IResult>>)LanguageAsync).AllowAnonymous();
        console.MapIntakeFeeds();
        // Browsers ask for it beside every page (the JSON ones too): an empty answer, not a 404 in their console.
        app.MapGet("/favicon.ico", () => TypedResults.NoContent()).ExcludeFromDescription();
        return app;
    }

    /// <summary>The development sign-in exists only in a Development run, for a browser on this machine.</summary>
    public static bool DevelopmentSignInAvailable(HttpContext http) =>
        http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment() && SessionSetup.IsFromThisMachine(http);

    private static IResult SignInPage(HttpContext http, string? returnUrl) =>
        DevelopmentSignInAvailable(http)
            ? new Page(StatusCodes.Status200OK, "Sign in", h => ConsolePages.SignInForm(h, LocalOrHome(returnUrl), null))
            : TypedResults.NotFound();

    private static async Task<IResult> SignInAsync(HttpContext http, UserRegistry registry)
    {
        if (!DevelopmentSignInAvailable(http))
        {
            return TypedResults.NotFound();
        }
        if (await ReadFormAsync(http) is { } refused)
        {
            await SessionAudit.AppendAsync(http, SessionAudit.SignIn, null, $"refused:{refused}:400", DevelopmentMethod);
            return new Page(StatusCodes.Status400BadRequest, "Sign-in refused", _ => RefusedForm(refused));
        }
        var form = http.Request.Form;
        var returnUrl = LocalOrHome(form["returnUrl"]);
        if (!Guid.TryParse(form["userId"], out var userId))
        {
            await SessionAudit.AppendAsync(http, SessionAudit.SignIn, null, "refused:malformed-user-id:400", DevelopmentMethod);
            return new Page(StatusCodes.Status400BadRequest, "Sign in", h => ConsolePages.SignInForm(h, returnUrl, "A user id looks like 7c9e6679-7425-40de-944b-e07fc1f90ae7."));
        }
        var user = await registry.FindAsync(userId, http.RequestAborted);
        if (RegisteredPrincipal.RefusalOf(user) is { } refusal)
        {
            await SessionAudit.AppendAsync(http, SessionAudit.SignIn, userId, $"refused:{refusal}:403", DevelopmentMethod);
            return new Page(StatusCodes.Status403Forbidden, "Sign in", h => ConsolePages.SignInForm(h, returnUrl, "No active registered user has this id."));
        }
        // Audited first: a sign-in whose entry cannot be written gives no session.
        await SessionAudit.AppendAsync(http, SessionAudit.SignIn, userId, "ok:303", DevelopmentMethod);
        var properties = new AuthenticationProperties { IsPersistent = false, AllowRefresh = true };
        properties.Items[SessionSetup.SignedInAtItem] = OpenIdConnectSignIn.SignedInAtNow(http);
        await http.SignInAsync(SessionSchemes.Session, OpenIdConnectSignIn.SessionPrincipal(userId), properties);
        return new SeeOther(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        var userId = http.User.UserId();
        if (await ReadFormAsync(http) is { } refused)
        {
            await SessionAudit.AppendAsync(http, SessionAudit.SignOut, userId, $"refused:{refused}:400", null);
            return new Page(StatusCodes.Status400BadRequest, "Sign-out refused", _ => RefusedForm(refused));
        }
        await SessionAudit.AppendAsync(http, SessionAudit.SignOut, userId, "ok:200", null);
        await http.SignOutAsync(SessionSchemes.Session);
        return new Page(StatusCodes.Status200OK, "Signed out", _ => $"<p>The session has ended.</p><p><a href=\"{HomePath}\">Sign in again</a></p>");
    }

    private const string DevelopmentMethod = "development";

    /// <summary>Reads the (small) form and checks its anti-forgery token; the reason of a refusal, or null.</summary>
    private static async Task<string?> ReadFormAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return "not-a-form";
        }
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, SmallForm));
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return "anti-forgery";
        }
        catch (InvalidDataException)
        {
            return "form-too-large";
        }
    }

    private static string RefusedForm(string reason) => reason == "anti-forgery"
        ? "<p>The form has expired or did not come from this console. Open the page again.</p>"
        : "<p>The form could not be read.</p>";

    // Only a path of this site, never another host ("//host", "/\\host"): the sign-in never sends a browser elsewhere.
    private static string LocalOrHome(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : HomePath;

    private sealed class Page(int status, string title, Func<HttpContext, string> body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ConsolePages.WriteAsync(httpContext, status, title, body(httpContext));
    }

    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
