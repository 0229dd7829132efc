using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests;

/// <summary>
/// The real gateway (Program) on a database of its own, with the development issuer enabled and keys in
/// a temporary folder. Tests register users through the registry and call the API with their tokens.
/// </summary>
public sealed class ApiFactory : TestGateway, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "p4o-api-" + Guid.NewGuid().ToString("N")[..8]);
    private int _nrnSequence;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The file adapter's folder: each communication sent is a file under it.</summary>
    public string OutboxFolder => Path.Combine(_folder, "outbox");

    /// <summary>More configuration of the host, applied last (a test's clock, settings or services).</summary>
    public Action<IWebHostBuilder>? ConfigureHost { get; init; }

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("api");
        Directory.CreateDirectory(_folder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseSetting("Auth:DevelopmentIssuer:Enabled", "true");
        builder.UseSetting("Auth:DevelopmentIssuer:KeyFile", "");
        builder.UseSetting("Keys:File", Path.Combine(_folder, "keys.json"));
        builder.UseSetting("Communications:Folder", OutboxFolder);
        // Each test host co-hosts a silo of its own cluster (its own database): ports of its own.
        builder.UseSetting("Silo:SiloPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Silo:GatewayPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        ConfigureHost?.Invoke(builder);
    }

    public UserRegistry Registry => Services.GetRequiredService<UserRegistry>();

    /// <summary>A valid national register number, different at each call (born 1980-01-01, sequence n).</summary>
    public string NextNationalNumber()
    {
        return TestUsers.NationalNumber(Interlocked.Increment(ref _nrnSequence) + 100);
    }

    /// <summary>A user registered by the machine; without a kind, in the organisation the role fits (OrganisationRoles).</summary>
    public async Task<User> UserAsync(string role, OrganisationKind? kind = null, string? organisation = null, params string[] more)
    {
        var fitting = kind ?? OrganisationRoles.Table.First(t => t.Value.Contains(role)).Key;
        var id = organisation ?? fitting switch
        {
            OrganisationKind.Onss => "onss",
            OrganisationKind.BailiffOffice => "office-1",
            OrganisationKind.Chamber => "chamber",
            _ => "concessionaire",
        };
        return await Registry.AddAsync(new NewUser(NextNationalNumber(), $"{role} user", fitting, id, [role, .. more]), default);
    }

    /// <summary>An HTTP client carrying a development token for the user.</summary>
    public HttpClient ClientFor(User user) => CreateClient().WithTokenFor(Services, user.Id);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestUsers.DeleteFolder(_folder);
    }
}
