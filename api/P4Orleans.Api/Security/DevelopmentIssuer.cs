using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.ComponentModel.DataAnnotations;

namespace P4Orleans.Api.Security;

/// <summary>Settings of authentication (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The OpenID Connect provider (eID authentication) whose metadata gives issuer and keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The issuer to accept when no authority is set (keys then come from <see cref="SigningKeys"/>).</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "p4orleans";

    /// <summary>Symmetric signing keys (base64) accepted for <see cref="Issuer"/>, when the provider shares such keys.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The claim holding the national register number in the provider's tokens.</summary>
    public string NationalNumberClaim { get; set; } = "egovNRN";

    /// <summary>The development issuer: local runs and tests only; refused in Production.</summary>
    public DevelopmentIssuerOptions DevelopmentIssuer { get; set; } = new();
}

public sealed class DevelopmentIssuerOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where its signing key is kept between runs; empty for a key in memory.</summary>
    public string KeyFile { get; set; } = ".p4orleans/dev-issuer.key";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>
/// Issues tokens for registered users in development and tests (never in Production): the token names
/// the user by id; the gateway then loads roles and status from the registry as for any token.
/// </summary>
public sealed class DevelopmentIssuer
{
    public const string IssuerName = "p4orleans-development-issuer";

    private readonly TimeProvider _time;
    private readonly string _audience;
    private readonly TimeSpan _lifetime;

    public DevelopmentIssuer(AuthOptions options, TimeProvider time)
    {
        _time = time;
        _audience = options.Audience;
        _lifetime = options.DevelopmentIssuer.Lifetime;
        Key = new SymmetricSecurityKey(LoadOrCreateKey(options.DevelopmentIssuer.KeyFile)) { KeyId = "dev" };
    }

    public SymmetricSecurityKey Key { get; }

    public string IssueFor(Guid userId, TimeSpan? lifetime = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerName,
            Audience = _audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString())]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? _lifetime),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static byte[] LoadOrCreateKey(string file)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            return RandomNumberGenerator.GetBytes(32);
        }
        var path = Path.GetFullPath(file);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return key;
    }
}
