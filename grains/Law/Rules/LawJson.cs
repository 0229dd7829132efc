using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace P4Orleans.Law;

/// <summary>JSON settings for every result of the engine: camelCase names, enums as camelCase strings.</summary>
public static class LawJson
{
    /// <summary>Shared, read-only serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create(writeIndented: false);

    /// <summary>
    /// Same as <see cref="Options"/>, indented for people and with accented letters unescaped (command-line output,
    /// never embedded in HTML).
    /// </summary>
    public static JsonSerializerOptions Indented { get; } = Create(writeIndented: true);

    private static JsonSerializerOptions Create(bool writeIndented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = writeIndented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        if (writeIndented)
        {
            options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        }

        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
