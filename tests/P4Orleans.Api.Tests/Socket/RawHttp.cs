using System.Net.Sockets;
using System.Text;

namespace P4Orleans.Api.Tests.Socket;

/// <summary>An HTTP/1.1 answer as it came over the socket: status, headers (names lower-cased) and body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The media type of the body, or null when the answer has none.</summary>
    public string? ContentType => Headers.TryGetValue("content-type", out var type) ? type : null;
}

/// <summary>
/// Sends bytes written by hand to a listening gateway and reads its answer until the server closes: what any client
/// (or attacker) can send, including what no HTTP client library would produce.
/// </summary>
public static class RawHttp
{
    /// <summary>A GET of <paramref name="target"/> with the given extra header lines, asking the server to close after it.</summary>
    public static string Get(string target, params string[] headerLines)
    {
        var text = new StringBuilder("GET ").Append(target).Append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var line in headerLines)
        {
            text.Append(line).Append("\r\n");
        }
        return text.Append("\r\n").ToString();
    }

    /// <summary>Writes <paramref name="request"/> as Latin-1 bytes in one go and reads the whole answer (bounded by a timeout).</summary>
    public static async Task<RawResponse> SendAsync(Uri server, string request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
        }
        catch (IOException)
        {
            // The server may refuse and close before the last bytes are written: its answer is still there to read.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with unread request bytes): the answer is complete.
        }
        return Parse(Encoding.Latin1.GetString(received.ToArray()));
    }

    private static RawResponse Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No HTTP answer head in {text.Length} bytes received");
        var lines = text[..end].Split("\r\n");
        var status = lines[0].Split(' ');
        Assert.Equal("HTTP/1.1", status[0]);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding == "chunked")
        {
            body = Unchunk(body);
        }
        return new RawResponse(int.Parse(status[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
            {
                return body.ToString();
            }
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
