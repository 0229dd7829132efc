using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using P4Orleans.Api.WebConsole;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Security;

/// <summary>
/// What the session cookie does at each request: the user it names is looked up again (status, organisation, roles,
/// as for a token), so a user suspended or revoked after signing in loses the session at the next request; a session
/// older than its absolute limit ends however active. Refusals answer a browser page with a redirect to sign in or an
/// HTML page, and API clients exactly as the bearer path does (401 with <c>WWW-Authenticate: Bearer</c>, 403).
/// </summary>
public sealed class SessionEvents(UserRegistry registry, BrowserSessionOptions session, OpenIdConnectSignInOptions oidc,
    [FromKeyedServices(P4Orleans.Grains.PlatformClock.Key)] TimeProvider time)
    : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        if (IsCrossSiteWrite(http.Request))
        {
            // The browser says another site (or a sibling subdomain, which SameSite=Lax lets through) sent this write:
            // it goes on without the session (401), and the session itself goes on.
            context.RejectPrincipal();
            return;
        }
        if (!Guid.TryParse(context.Principal?.FindFirstValue(PlatformClaims.UserId), out var userId))
        {
            await EndAsync(context, null, "malformed-session");
            return;
        }
        if (SignedInAt(context.Properties) is not { } signedInAt || time.GetUtcNow() - signedInAt > session.AbsoluteLimit)
        {
            await EndAsync(context, userId, "absolute-limit");
            return;
        }
        var user = await registry.FindAsync(userId, http.RequestAborted);
        if (RegisteredPrincipal.RefusalOf(user) is { } refusal)
        {
            await EndAsync(context, userId, refusal);
            return;
        }
        var principal = await RegisteredPrincipal.ForAsync(http, user!, SessionSchemes.Session);
        // Anti-forgery tokens are bound to this claim: the same user, whatever their roles become.
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.NameIdentifier, user!.Id.ToString()));
        // Only for this request: the cookie keeps naming the user alone (no name, no roles).
        context.ReplacePrincipal(principal);
    }

    public override async Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        if (!SessionSetup.IsPageNavigation(http.Request))
        {
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return;
        }
        var back = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
        if (oidc.IsConfigured)
        {
            await http.ChallengeAsync(SessionSchemes.OpenIdConnect, new AuthenticationProperties { RedirectUri = back });
        }
        else if (ConsoleApi.DevelopmentSignInAvailable(http))
        {
            http.Response.Redirect(ConsoleApi.SignInPath + "?returnUrl=" + Uri.EscapeDataString(back));
        }
        else
        {
            // No way to sign in a browser here: it gets the API's answer.
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
        }
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        // An API client's 403 gets its problem body from the status-code pages, as on the bearer path.
        return SessionSetup.IsPageNavigation(http.Request)
            ? ConsolePages.WriteAsync(http, StatusCodes.Status403Forbidden, "Access refused",
                "<p>Your roles do not give access to this page.</p><p><a href=\"/console\">Back to the console</a></p>")
            : Task.CompletedTask;
    }

    /// <summary>A request that may change something, which the browser marks as sent from another site (<c>Sec-Fetch-Site</c>).</summary>
    public static bool IsCrossSiteWrite(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
        && request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";

    private static DateTimeOffset? SignedInAt(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SessionSetup.SignedInAtItem, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    /// <summary>Ends the session now: the request goes on unauthenticated, the cookie is removed, the end is audited.</summary>
    private static async Task EndAsync(CookieValidatePrincipalContext context, Guid? userId, string reason)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(SessionSchemes.Session);
        await SessionAudit.AppendAsync(context.HttpContext, SessionAudit.SessionEnded, userId, $"refused:{reason}", null);
    }
}
