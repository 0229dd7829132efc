using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// Builds a sample instance of any type a grain contract uses, from its widest public constructor, with a
/// non-default value in every member (so that a member the serializer drops is seen), and lists the types
/// reachable from a type through its public properties, constructor parameters and generic arguments.
/// </summary>
public static class Samples
{
    private const int MaxDepth = 8;

    /// <summary>The types a grain interface's methods take and return, and everything reachable from them.</summary>
    public static IReadOnlySet<Type> CrossingTypes(IEnumerable<Type> interfaces, IEnumerable<Type> roots)
    {
        var found = new HashSet<Type>();
        foreach (var method in interfaces.SelectMany(i => i.GetMethods()))
        {
            foreach (var p in method.GetParameters())
            {
                Walk(p.ParameterType, found);
            }
            Walk(method.ReturnType, found);
        }
        foreach (var root in roots)
        {
            Walk(root, found);
        }
        return found;
    }

    private static void Walk(Type type, HashSet<Type> found)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Walk(argument, found);
            }
            return;
        }
        if (type.IsArray)
        {
            Walk(type.GetElementType()!, found);
            return;
        }
        if (type.Namespace?.StartsWith("P4Orleans", StringComparison.Ordinal) != true || !found.Add(type))
        {
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            Walk(property.PropertyType, found);
        }
        foreach (var parameter in type.GetConstructors().SelectMany(c => c.GetParameters()))
        {
            Walk(parameter.ParameterType, found);
        }
    }

    /// <summary>A sample of <paramref name="type"/> with every member set.</summary>
    public static object? Of(Type type, int depth = 0)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Of(underlying, depth);
        }
        if (type == typeof(string))
        {
            return "s" + depth;
        }
        if (type == typeof(bool))
        {
            return true;
        }
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(double) || type == typeof(decimal))
        {
            return Convert.ChangeType(7 + depth, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (type == typeof(Guid))
        {
            return new Guid("0b1e7a9c-3f7d-4b0e-9a53-6a1f2e3d4c5b");
        }
        if (type == typeof(DateOnly))
        {
            return new DateOnly(2026, 3, 2);
        }
        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        }
        if (type == typeof(DateTime))
        {
            return new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        }
        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromMinutes(90);
        }
        if (type.IsEnum)
        {
            // The last value: never the default, so a dropped member shows.
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1);
        }
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, 1);
            array.SetValue(Of(element, depth + 1), 0);
            return array;
        }
        if (type.IsGenericType && ListLike(type) is { } itemType)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
            list.Add(Of(itemType, depth + 1));
            return list;
        }
        if (type.IsGenericType && DictionaryLike(type) is { } kv)
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(kv.Key, kv.Value))!;
            dictionary.Add(Of(kv.Key, depth + 1)!, Of(kv.Value, depth + 1));
            return dictionary;
        }
        if (depth > MaxDepth || type.IsAbstract || type.IsInterface)
        {
            return null;
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor to build a sample with.");
        var arguments = constructor.GetParameters().Select(p => Of(p.ParameterType, depth + 1)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static Type? ListLike(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static KeyValuePair<Type, Type>? DictionaryLike(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>)
            ? new(type.GetGenericArguments()[0], type.GetGenericArguments()[1])
            : null;
    }

    /// <summary>True for a compiler-generated or framework type the walk need not sample.</summary>
    public static bool IsCompilerGenerated(Type type) => type.GetCustomAttribute<CompilerGeneratedAttribute>() is not null;
}
