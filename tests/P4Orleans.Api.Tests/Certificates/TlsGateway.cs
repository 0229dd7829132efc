using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using P4Orleans.Api.Users;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Certificates;

/// <summary>
/// The gateway on a real HTTPS port of Kestrel, configured as an operator would (Kestrel:Endpoints, Kestrel:Certificates:Default,
/// Authentication:Certificates with the test CA as the one trusted CA, revocation checked online against the CA's list, which
/// a small HTTP server of the fixture publishes). A second CA, not trusted, issues certificates that must be refused.
/// </summary>
public sealed class TlsGateway : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "p4o-tls-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpListener _crlServer = new();
    private readonly CancellationTokenSource _stop = new();
    private X509Certificate2 _server = null!;
    private Task _serving = Task.CompletedTask;

    public ApiFactory Api { get; private set; } = null!;

    public TestCa Ca { get; private set; } = null!;

    public TestCa OtherCa { get; } = new("Untrusted test CA");

    /// <summary>The HTTPS address of the gateway.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>A certificate the trusted CA has revoked (on its list from the start: lists once fetched are cached).</summary>
    public X509Certificate2 Revoked { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var crlPort = FreePorts.Next();
        var crlPath = $"/crl-{Guid.NewGuid():N}/ca.crl";
        Ca = new TestCa("Trusted test CA", new Uri($"http://127.0.0.1:{crlPort}{crlPath}"));
        Revoked = Ca.Client("CN=onss-revoked, O=ONSS");
        Ca.Revoke(Revoked);
        _crlServer.Prefixes.Add($"http://127.0.0.1:{crlPort}/");
        _crlServer.Start();
        var crl = Ca.Crl();
        _serving = ServeAsync(crl, crlPath);

        _server = Ca.Server();
        var serverFile = Path.Combine(_folder, "server.pfx");
        await File.WriteAllBytesAsync(serverFile, _server.Export(X509ContentType.Pkcs12, "server-password"));
        var caFile = Path.Combine(_folder, "trusted-ca.pem");
        await File.WriteAllTextAsync(caFile, Ca.RootPem);
        var port = FreePorts.Next();
        Api = new ApiFactory
        {
            ConfigureHost = host =>
            {
                host.UseSetting("Kestrel:Endpoints:Https:Url", $"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
                host.UseSetting("Kestrel:Certificates:Default:Path", serverFile);
                host.UseSetting("Kestrel:Certificates:Default:Password", "server-password");
                host.UseSetting("Authentication:Certificates:TrustedCaFiles:0", caFile);
                host.UseSetting("Authentication:Certificates:RevocationMode", "Online");
            },
        };
        await Api.InitializeAsync();
        Api.UseKestrel();
        Api.StartServer();
        Address = new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public UserRegistry Registry => Api.Registry;

    /// <summary>A client over TLS presenting <paramref name="certificate"/> (or none), trusting only the gateway's own certificate.</summary>
    public HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, remote, _, _) =>
            remote is not null && remote.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256).AsSpan()
                .SequenceEqual(_server.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));
        if (certificate is not null)
        {
            // Always this one, whatever issuers the server names as acceptable.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }
        return new HttpClient(handler) { BaseAddress = Address };
    }

    /// <summary>A client over TLS with a development token of <paramref name="user"/> and no certificate.</summary>
    public HttpClient BearerClient(User user) => Client(null).WithTokenFor(Api.Services, user.Id);

    /// <summary>A user registered by the machine, with <paramref name="certificate"/> registered for them.</summary>
    public async Task<User> SystemUserAsync(string role, X509Certificate2 certificate, CertificateMatch match = CertificateMatch.Thumbprint)
    {
        var user = await Api.UserAsync(role);
        await Registry.AddCertificateAsync(user.Id, certificate, match, RegistryActor.Machine, default);
        return user;
    }

    private async Task ServeAsync(byte[] crl, string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _crlServer.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var response = context.Response;
            if (context.Request.Url?.AbsolutePath != path)
            {
                response.StatusCode = 404;
                continue;
            }
            response.ContentType = "application/pkix-crl";
            await response.OutputStream.WriteAsync(crl);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await _stop.CancelAsync();
        _crlServer.Close();
        await _serving;
        _stop.Dispose();
        _server.Dispose();
        Ca.Dispose();
        OtherCa.Dispose();
        TestUsers.DeleteFolder(_folder);
    }
}
