using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using P4Orleans.Api.WebConsole;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Security;

/// <summary>The eID sign-in of browsers (section <c>Authentication:OpenIdConnect</c>); off while no authority is set.</summary>
public sealed class OpenIdConnectSignInOptions
{
    /// <summary>The OpenID Connect provider (its metadata gives the endpoints and keys).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client secret (a mounted secret in production); the code flow also uses PKCE.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Where the provider sends the browser back.</summary>
    public string CallbackPath { get; set; } = "/console/signin-oidc";

    /// <summary>Scopes asked beyond <c>openid</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Refuses at start a half configuration (an authority without its client), and plain http outside Development.</summary>
    public void Validate(IHostEnvironment environment)
    {
        if (!IsConfigured)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new InvalidOperationException("Authentication:OpenIdConnect:Authority is set without Authentication:OpenIdConnect:ClientId.");
        }
        if (!environment.IsDevelopment() && !Authority!.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Authentication:OpenIdConnect:Authority must be an https address outside Development.");
        }
    }
}

/// <summary>
/// Maps the provider's subject to the registered user as the JWT path does (the national register number claim,
/// <c>Auth:NationalNumberClaim</c>, looked up by keyed hash): an unknown or inactive user is refused; a registered one
/// gets a session cookie naming their id alone (the provider's claims, the number among them, are not kept).
/// </summary>
public static class OpenIdConnectSignIn
{
    public const string Method = "eid";

    private const string AuditedItem = "p4.sign-in-audited";

    internal static void Configure(OpenIdConnectOptions o, OpenIdConnectSignInOptions settings)
    {
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.CallbackPath = settings.CallbackPath;
        o.RequireHttpsMetadata = settings.Authority!.StartsWith("https://", StringComparison.Ordinal);
        o.ResponseType = "code";
        o.UsePkce = true;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.SignInScheme = SessionSchemes.Session;
        foreach (var scope in settings.Scopes)
        {
            o.Scope.Add(scope);
        }
        o.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = MapToRegisteredUserAsync,
            OnRemoteFailure = async ctx =>
            {
                ctx.HandleResponse();
                // A failure of the protocol itself (bad or replayed state, a token that does not validate) is a refused sign-in too.
                if (!ctx.HttpContext.Items.ContainsKey(AuditedItem))
                {
                    await SessionAudit.AppendAsync(ctx.HttpContext, SessionAudit.SignIn, null, "refused:eid-failure:403", Method);
                }
                await ConsolePages.WriteAsync(ctx.HttpContext, StatusCodes.Status403Forbidden, "Sign-in refused",
                    "<p>The sign-in did not succeed, or this identity is not an active registered user.</p>");
            },
        };
    }

    private static async Task MapToRegisteredUserAsync(TokenValidatedContext ctx)
    {
        var http = ctx.HttpContext;
        var claim = http.RequestServices.GetRequiredService<AuthOptions>().NationalNumberClaim;
        User? user = null;
        if (ctx.Principal?.FindFirstValue(claim) is { } nrn)
        {
            try
            {
                user = await http.RequestServices.GetRequiredService<UserRegistry>().FindByNationalNumberAsync(nrn, http.RequestAborted);
            }
            catch (Problems.ValidationFailedException)
            {
                user = null;
            }
        }
        if (RegisteredPrincipal.RefusalOf(user) is { } refusal)
        {
            await SessionAudit.AppendAsync(http, SessionAudit.SignIn, user?.Id, $"refused:{refusal}:403", Method);
            http.Items[AuditedItem] = true;
            ctx.Fail("The identity is not an active registered user.");
            return;
        }
        await SessionAudit.AppendAsync(http, SessionAudit.SignIn, user!.Id, "ok:302", Method);
        ctx.Principal = SessionPrincipal(user.Id);
        ctx.Properties!.IsPersistent = false;
        ctx.Properties.Items[SessionSetup.SignedInAtItem] = SignedInAtNow(http);
    }

    /// <summary>What a session cookie holds: the registered user's id, nothing else.</summary>
    public static ClaimsPrincipal SessionPrincipal(Guid userId) =>
        new(new ClaimsIdentity([new Claim(PlatformClaims.UserId, userId.ToString())], SessionSchemes.Session));

    /// <summary>The sign-in instant, as the session's ticket keeps it.</summary>
    public static string SignedInAtNow(HttpContext http) =>
        http.RequestServices.GetRequiredKeyedService<TimeProvider>(P4Orleans.Grains.PlatformClock.Key).GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
