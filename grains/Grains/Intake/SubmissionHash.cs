using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// The canonical payload hash of a submission, for idempotency on the ONSS reference: same reference and
/// same hash is a duplicate; same reference and another hash is a conflict (the host checks, the grain too).
/// Canonical form: the submission as JSON with camelCase names in declaration order, enums as strings, no
/// whitespace, amounts ordered by component and an absent third-party list written as empty.
/// </summary>
public static class SubmissionHash
{
    private static readonly JsonSerializerOptions Canonical = CreateOptions();

    // Bulk intake hashes every title: the canonical JSON is written into a buffer reused by the thread (and its
    // writer), so that a title costs no array of its JSON. A buffer that grew for a huge title is dropped.
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The canonical JSON of <paramref name="submission"/>.</summary>
    public static byte[] CanonicalJson(TitleSubmission submission) =>
        JsonSerializer.SerializeToUtf8Bytes(Normal(submission), Canonical);

    /// <summary>SHA-256 of the canonical JSON, lowercase hex.</summary>
    public static string Compute(TitleSubmission submission)
    {
        var normal = Normal(submission);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Canonical.Encoder, SkipValidation = true });
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            JsonSerializer.Serialize(writer, normal, Canonical);
            writer.Flush();
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.WrittenSpan, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            writer.Reset();
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
            else
            {
                // The buffer may have held personal data: it does not keep it beyond the call.
                buffer.Clear();
            }
        }
    }

    // Amounts ordered by component then cents (without LINQ: this runs once per title), no null list.
    private static TitleSubmission Normal(TitleSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var amounts = submission.Amounts is { } given ? new ClaimAmount[given.Count] : [];
        for (var i = 0; i < amounts.Length; i++)
        {
            amounts[i] = submission.Amounts![i];
        }
        // Equal amounts serialise the same, so the sort needs no stability; a null (never in a valid title) sorts first.
        MemoryExtensions.Sort(amounts.AsSpan(), static (a, b) =>
            a is null || b is null ? (a is null).CompareTo(b is null) * -1
            : a.Component != b.Component ? a.Component.CompareTo(b.Component) : a.Cents.CompareTo(b.Cents));
        return submission with { Amounts = amounts, ThirdParties = submission.ThirdParties ?? [] };
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
