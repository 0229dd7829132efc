using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using P4Orleans.Api.Users;
using P4Orleans.Grains;
using P4Orleans.Testing;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// The real gateway in Development on a real loopback socket, with the test PostgreSQL, and one headless chromium for
/// the test class: Debian's (<c>/usr/bin/chromium</c>, or <c>P4_CHROMIUM</c>), never a downloaded browser. A missing
/// chromium fails the tests with what to install; nothing is skipped.
/// </summary>
public sealed class BrowserGateway : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "p4o-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private string _connectionString = "";
    private IPlaywright? _playwright;
    private int _nrnSequence;

    /// <summary>Where Kestrel listens (http://127.0.0.1:port).</summary>
    public Uri Address { get; private set; } = null!;

    public IBrowser Chromium { get; private set; } = null!;

    public UserRegistry Registry => Services.GetRequiredService<UserRegistry>();

    /// <summary>The chromium the tests drive.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("P4_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need chromium at {ChromiumPath}: install Debian's 'chromium' package (.ci/run does) or set P4_CHROMIUM.");
        }
        _connectionString = await TestPostgres.CreateDatabaseAsync("browser");
        Directory.CreateDirectory(_folder);
        UseKestrel(0);
        StartServer();
        using (var client = CreateClient())
        {
            Address = client.BaseAddress!;
        }
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        builder.UseSetting("Auth:DevelopmentIssuer:Enabled", "true");
        builder.UseSetting("Auth:DevelopmentIssuer:KeyFile", "");
        builder.UseSetting("Keys:File", Path.Combine(_folder, "keys.json"));
        builder.UseSetting("Silo:NodeId", "browser-test-node");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Small chunks: a bulk file of a few lines shows its progress line by line (the intake page's live counts).
        builder.UseSetting("Intake:ChunkSize", "2");
        // eBox messages (an enterprise's dossier) go to a closed loopback port and fail at their one attempt: a failed
        // communication for the dossier page's retry and abandon; registered letters still go to the outbox folder.
        builder.UseSetting("Communications:Ebox:Endpoint", "http://127.0.0.1:1/");
        builder.UseSetting("Communications:MaxAttempts", "1");
        // The bulk intake test sends its file in steps, idle while the browser works: no minimum body rate for it.
        builder.ConfigureServices(s => s.Configure<KestrelServerOptions>(o => o.Limits.MinRequestBodyDataRate = null));
        // The platform's clock: real pace, a run starting at 10:00 in Brussels (MorningClock); tokens keep the real one.
        builder.ConfigureTestServices(s =>
        {
            s.RemoveAllKeyed<TimeProvider>(PlatformClock.Key);
            s.AddKeyedSingleton(PlatformClock.Key, MorningClock.Platform);
        });
    }

    /// <summary>A user registered by the machine, of the organisation kind the first role fits.</summary>
    public Task<User> UserAsync(OrganisationKind kind, string organisation, params string[] roles)
    {
        var sequence = Interlocked.Increment(ref _nrnSequence) + 100;
        var first9 = "800101" + sequence.ToString("D3", CultureInfo.InvariantCulture);
        var nrn = first9 + (97 - (long.Parse(first9, CultureInfo.InvariantCulture) % 97)).ToString("D2", CultureInfo.InvariantCulture);
        return Registry.AddAsync(new NewUser(nrn, $"{roles[0]} browser user", kind, organisation, roles), default);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }
}
