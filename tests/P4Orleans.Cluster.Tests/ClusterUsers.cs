using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Silo.Security;

namespace P4Orleans.Cluster.Tests;

/// <summary>
/// Users of the cluster test, registered by the machine in the shared database (as <c>users add</c> would),
/// and HTTP clients of the api-only node carrying tokens of the development issuer whose key the nodes share.
/// </summary>
public sealed class ClusterUsers : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly UserRegistry _registry;
    private readonly DevelopmentIssuer _issuer;
    private readonly Uri _gateway;
    private readonly List<HttpClient> _clients = [];
    private int _sequence;

    public ClusterUsers(ClusterHarness cluster, Uri gateway)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _gateway = gateway;
        _db = NpgsqlDataSource.Create(cluster.ConnectionString);
        _registry = new UserRegistry(_db, KeyRing.LoadOrCreate(new KeyRingOptions { File = cluster.KeysFile }), TimeProvider.System);
        var options = new AuthOptions();
        options.DevelopmentIssuer.Enabled = true;
        options.DevelopmentIssuer.KeyFile = cluster.IssuerKeyFile;
        _issuer = new DevelopmentIssuer(options, TimeProvider.System);
    }

    /// <summary>An ONSS agent's client.</summary>
    public Task<HttpClient> OnssAsync(CancellationToken ct) => ClientAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss", ct);

    /// <summary>A concessionaire operator's client.</summary>
    public Task<HttpClient> OperatorAsync(CancellationToken ct) => ClientAsync(Roles.Operator, OrganisationKind.Concessionaire, "concessionaire", ct);

    /// <summary>A bailiff of <paramref name="officeId"/>.</summary>
    public Task<HttpClient> BailiffAsync(string officeId, CancellationToken ct) => ClientAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, officeId, ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await _db.DisposeAsync();
    }

    private async Task<HttpClient> ClientAsync(string role, OrganisationKind kind, string organisation, CancellationToken ct)
    {
        var user = await _registry.AddAsync(new NewUser(NextNationalNumber(), $"Cluster {role}", kind, organisation, [role]), ct);
        // A command caught by the kill must not hold the test for the 100 s default: it is then simply not acknowledged.
        var client = new HttpClient { BaseAddress = _gateway, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.IssueFor(user.Id));
        _clients.Add(client);
        return client;
    }

    /// <summary>A valid national register number for a birth on 1980-01-02, different at each call.</summary>
    private string NextNationalNumber()
    {
        var first9 = "800102" + Interlocked.Increment(ref _sequence).ToString("D3", CultureInfo.InvariantCulture);
        return first9 + (97 - (long.Parse(first9, CultureInfo.InvariantCulture) % 97)).ToString("D2", CultureInfo.InvariantCulture);
    }
}
