using System.Text.Json;
using System.Text.Json.Serialization;

namespace P4Orleans.Domain.Orleans;

/// <summary>
/// The platform's JSON shape of grain state and journal data: web defaults (camelCase) and enums by name. The
/// grain storage serializer is configured with these options, and the generated columns of
/// <c>orleans_grain_state</c> read that shape; bulk intake writes rows in it.
/// </summary>
public static class StateJson
{
    /// <summary>The options (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the shape to options someone else owns (the storage serializer's).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
