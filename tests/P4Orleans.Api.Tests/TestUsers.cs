using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests;

/// <summary>What the gateway fixtures share: test users' national numbers, their tokens, their folders.</summary>
public static class TestUsers
{
    /// <summary>A valid national register number for a birth on 1980-01-01 with <paramref name="sequence"/> (1 to 997).</summary>
    public static string NationalNumber(int sequence)
    {
        var first9 = "800101" + sequence.ToString("D3", CultureInfo.InvariantCulture);
        var check = 97 - (long.Parse(first9, CultureInfo.InvariantCulture) % 97);
        return first9 + check.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>The client, carrying a development token for <paramref name="userId"/> issued by the gateway's issuer.</summary>
    public static HttpClient WithTokenFor(this HttpClient client, IServiceProvider services, Guid userId)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", services.GetRequiredService<DevelopmentIssuer>().IssueFor(userId));
        return client;
    }

    /// <summary>Removes a fixture's folder; what cannot be removed now is left for the OS.</summary>
    public static void DeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }
}
