using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Security;

namespace P4Orleans.Api.Security;

/// <summary>The authentication schemes of the gateway.</summary>
public static class SessionSchemes
{
    /// <summary>The default: a request carrying <c>Authorization: Bearer</c> is the JWT path, any other the browser session.</summary>
    public const string BearerOrSession = "bearer-or-session";

    /// <summary>The browser session (console, Orleans Dashboard): a cookie naming the registered user.</summary>
    public const string Session = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The eID sign-in of browsers, when <c>Authentication:OpenIdConnect</c> is configured.</summary>
    public const string OpenIdConnect = Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectDefaults.AuthenticationScheme;
}

/// <summary>Settings of the browser session (section <c>Authentication:Session</c>).</summary>
public sealed class BrowserSessionOptions
{
    /// <summary>A session unused this long ends (sliding: each request past half of it renews the cookie).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A session ends this long after its sign-in, however active (a working day).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "30.00:00:00")]
    public TimeSpan AbsoluteLimit { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The session cookie's name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string CookieName { get; set; } = "p4.session";

    /// <summary>Where the keys protecting cookies and anti-forgery tokens live; empty = beside the key file (<c>Keys:File</c>).</summary>
    public string? KeysFolder { get; set; }
}

/// <summary>
/// The cookie session of browsers, next to the bearer tokens of API clients: a policy scheme picks the path per
/// request; the cookie names the registered user only, and each request maps it again to the user's status,
/// organisation and roles (<see cref="SessionEvents"/>), exactly as a token is.
/// </summary>
public static class SessionSetup
{
    /// <summary>The property of a session's ticket holding its sign-in instant (the absolute limit counts from it).</summary>
    public const string SignedInAtItem = "p4.signed-in-at";

    /// <summary>Registers the policy scheme, the session cookie, the eID sign-in when configured, anti-forgery and the cookies' keys.</summary>
    public static AuthenticationBuilder AddBrowserSession(this AuthenticationBuilder builder, IConfiguration configuration, IHostEnvironment environment)
    {
        var services = builder.Services;
        var session = configuration.GetValidated<BrowserSessionOptions>("Authentication:Session");
        var oidc = configuration.GetSection("Authentication:OpenIdConnect").Get<OpenIdConnectSignInOptions>() ?? new OpenIdConnectSignInOptions();
        oidc.Validate(environment);
        services.AddSingleton(session);
        services.AddSingleton(oidc);

        builder.AddPolicyScheme(SessionSchemes.BearerOrSession, "Bearer token or browser session", o =>
            // A bearer token first (a person's eID token wins over the machine's certificate), then a client certificate
            // of a system (mutual TLS, CertificateSetup.cs), then the browser session.
            o.ForwardDefaultSelector = http => HasBearerToken(http.Request) ? JwtBearerDefaults.AuthenticationScheme
                : http.Connection.ClientCertificate is not null ? CertificateSetup.Scheme
                : SessionSchemes.Session);

        var development = environment.IsDevelopment();
        builder.AddCookie(SessionSchemes.Session, o =>
        {
            // Lax, not Strict: the eID provider sends the browser back from another site, and a Strict cookie would be
            // missing on the first page after sign-in. Lax still keeps it off cross-site POSTs and sub-requests; every
            // form carries an anti-forgery token and no GET changes anything.
            o.Cookie = new SessionCookieBuilder(development)
            {
                Name = session.CookieName,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                IsEssential = true,
            };
            o.ExpireTimeSpan = session.IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = WebConsole.ConsoleApi.SignInPath;
            o.LogoutPath = WebConsole.ConsoleApi.SignOutPath;
            o.ReturnUrlParameter = "returnUrl";
            o.EventsType = typeof(SessionEvents);
        });
        services.AddScoped<SessionEvents>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(SessionSchemes.Session)
            .Configure<IServiceProvider>((o, sp) => o.TimeProvider = sp.GetRequiredKeyedService<TimeProvider>(P4Orleans.Grains.PlatformClock.Key));
        if (oidc.IsConfigured)
        {
            builder.AddOpenIdConnect(SessionSchemes.OpenIdConnect, o => OpenIdConnectSignIn.Configure(o, oidc));
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie = new SessionCookieBuilder(development) { Name = "p4.antiforgery", HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true };
            o.FormFieldName = WebConsole.ConsolePages.AntiforgeryField;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        var keysFolder = string.IsNullOrWhiteSpace(session.KeysFolder)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configuration["Keys:File"] ?? ".p4orleans/keys.json"))!, "data-protection")
            : Path.GetFullPath(session.KeysFolder);
        CreatePrivateFolder(keysFolder);
        services.AddDataProtection().SetApplicationName("p4orleans").PersistKeysToFileSystem(new DirectoryInfo(keysFolder));
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<KeyRing>((o, keys) => o.XmlEncryptor = new SessionKeyEncryptor(keys));
        return builder;
    }

    /// <summary>Whether the request carries a bearer token (then the session cookie, if any, is not looked at).</summary>
    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a refused request is a browser opening a page (GET or HEAD accepting HTML and not JSON): only those are
    /// sent to sign in or shown an HTML refusal; API clients get the 401 and 403 problems of the bearer path.
    /// </summary>
    public static bool IsPageNavigation(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                            || a.MediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
            && !accept.Any(a => a.MediaType.Value?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>
    /// Whether the request comes straight from this machine: a loopback peer, with no proxy header (a proxy on the same
    /// host would make every remote browser look local; the gateway does not honour forwarded headers).
    /// </summary>
    public static bool IsFromThisMachine(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } peer && IPAddress.IsLoopback(peer)
        && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded")
        && !http.Request.Headers.ContainsKey("X-Real-IP");

    private static void CreatePrivateFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}

/// <summary>
/// The cookies of the session and of anti-forgery: Secure, except on a plain-http loopback request of a Development run
/// (the local console at http://127.0.0.1), where a Secure cookie could not come back.
/// </summary>
internal sealed class SessionCookieBuilder(bool development) : CookieBuilder
{
    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = !(development && !context.Request.IsHttps
                           && context.Connection.RemoteIpAddress is { } peer && IPAddress.IsLoopback(peer));
        return options;
    }
}
