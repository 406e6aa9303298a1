using System.Text;

namespace DataGen.Tests.Providers.Local;

/// <summary>
/// Writes a tiny random-weight "llama" GGUF file (64 wide, 2 layers, SentencePiece vocabulary with byte fallback and
/// ChatML control tokens) that llama.cpp loads and generates from in milliseconds. The text it writes is random:
/// tests assert structure, never content. Layout per ggml's docs/gguf.md; keys and tensors per ../shared/EMBEDDED-LLM.md.
/// </summary>
internal static class GgufWriter
{
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const int Embedding = 64;
    private const int Layers = 2;
    private const int Heads = 4;
    private const int FeedForward = 128;
    private const int Alignment = 32;
    private const int ContextLength = 8192;

    private enum ValueType : uint
    {
        U32 = 4,
        I32 = 5,
        F32 = 6,
        Bool = 7,
        String = 8,
        Array = 9,
    }

    /// <summary>Writes the model to <paramref name="path"/>; <paramref name="chatTemplate"/> null leaves the template out.</summary>
    public static void Write(string path, string? chatTemplate = ChatMlTemplate, int seed = 7)
    {
        var (tokens, scores, types) = Vocabulary();
        var random = new Random(seed);
        var tensors = new List<(string Name, ulong[] Dims, float[] Data)>
        {
            ("token_embd.weight", [Embedding, (ulong)tokens.Count], Normal(random, Embedding * tokens.Count, 1.0)),
            ("output_norm.weight", [Embedding], Ones(Embedding)),
            ("output.weight", [Embedding, (ulong)tokens.Count], Normal(random, Embedding * tokens.Count, 0.5)),
        };
        var scale = 0.5 / Math.Sqrt(Embedding);
        for (var i = 0; i < Layers; i++)
        {
            tensors.Add(($"blk.{i}.attn_norm.weight", [Embedding], Ones(Embedding)));
            tensors.Add(($"blk.{i}.ffn_norm.weight", [Embedding], Ones(Embedding)));
            foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_output" })
            {
                tensors.Add(($"blk.{i}.{name}.weight", [Embedding, Embedding], Normal(random, Embedding * Embedding, scale)));
            }

            tensors.Add(($"blk.{i}.ffn_gate.weight", [Embedding, FeedForward], Normal(random, Embedding * FeedForward, scale)));
            tensors.Add(($"blk.{i}.ffn_up.weight", [Embedding, FeedForward], Normal(random, Embedding * FeedForward, scale)));
            tensors.Add(($"blk.{i}.ffn_down.weight", [FeedForward, Embedding], Normal(random, FeedForward * Embedding, 0.5 / Math.Sqrt(FeedForward))));
        }

        var metadata = new List<Action<BinaryWriter>>
        {
            w => Key(w, "general.architecture", "llama"),
            w => Key(w, "general.name", "datagen-tiny-test"),
            w => KeyU32(w, "general.alignment", Alignment),
            w => KeyU32(w, "llama.context_length", ContextLength),
            w => KeyU32(w, "llama.embedding_length", Embedding),
            w => KeyU32(w, "llama.block_count", Layers),
            w => KeyU32(w, "llama.feed_forward_length", FeedForward),
            w => KeyU32(w, "llama.attention.head_count", Heads),
            w => KeyU32(w, "llama.attention.head_count_kv", Heads),
            w => KeyU32(w, "llama.rope.dimension_count", Embedding / Heads),
            w => KeyF32(w, "llama.attention.layer_norm_rms_epsilon", 1e-5f),
            w => Key(w, "tokenizer.ggml.model", "llama"),
            w => StringArray(w, "tokenizer.ggml.tokens", tokens),
            w => FloatArray(w, "tokenizer.ggml.scores", scores),
            w => IntArray(w, "tokenizer.ggml.token_type", types),
            w => KeyU32(w, "tokenizer.ggml.unknown_token_id", 0),
            w => KeyU32(w, "tokenizer.ggml.bos_token_id", 1),
            w => KeyU32(w, "tokenizer.ggml.eos_token_id", 2),
            w => KeyBool(w, "tokenizer.ggml.add_bos_token", true),
            w => KeyBool(w, "tokenizer.ggml.add_eos_token", false),
        };
        if (chatTemplate is not null)
        {
            metadata.Add(w => Key(w, "tokenizer.chat_template", chatTemplate));
        }

        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        metadata.ForEach(m => m(writer));

        ulong offset = 0;
        foreach (var (name, dims, data) in tensors)
        {
            String(writer, name);
            writer.Write((uint)dims.Length);
            foreach (var d in dims)
            {
                writer.Write(d);
            }

            writer.Write(0u); // F32
            writer.Write(offset);
            offset += Align((ulong)data.Length * 4);
        }

        Pad(writer);
        foreach (var (_, _, data) in tensors)
        {
            foreach (var value in data)
            {
                writer.Write(value);
            }

            Pad(writer);
        }
    }

    private static (List<string> Tokens, List<float> Scores, List<int> Types) Vocabulary()
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<int> { 2, 3, 3 };
        var scores = new List<float> { 0, 0, 0 };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(6);
            scores.Add(0);
        }

        tokens.Add("\u2581");
        types.Add(1);
        scores.Add(-1);
        for (var c = '!'; c <= '~'; c++)
        {
            tokens.Add(c.ToString());
            types.Add(1);
            scores.Add(-1);
        }

        foreach (var piece in new[] { "\u2581\"", "\":", "\u2581{", "\u2581}" })
        {
            tokens.Add(piece);
            types.Add(1);
            scores.Add(-0.5f);
        }

        tokens.AddRange(["<|im_start|>", "<|im_end|>"]);
        types.AddRange([3, 3]);
        scores.AddRange([0, 0]);
        return (tokens, scores, types);
    }

    private static float[] Normal(Random random, int count, double sd)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    private static ulong Align(ulong size) => (size + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        writer.Flush();
        var position = (ulong)writer.BaseStream.Position;
        for (var i = position; i < Align(position); i++)
        {
            writer.Write((byte)0);
        }
    }

    private static void String(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void Key(BinaryWriter writer, string key, string value)
    {
        String(writer, key);
        writer.Write((uint)ValueType.String);
        String(writer, value);
    }

    private static void KeyU32(BinaryWriter writer, string key, uint value)
    {
        String(writer, key);
        writer.Write((uint)ValueType.U32);
        writer.Write(value);
    }

    private static void KeyF32(BinaryWriter writer, string key, float value)
    {
        String(writer, key);
        writer.Write((uint)ValueType.F32);
        writer.Write(value);
    }

    private static void KeyBool(BinaryWriter writer, string key, bool value)
    {
        String(writer, key);
        writer.Write((uint)ValueType.Bool);
        writer.Write(value ? (byte)1 : (byte)0);
    }

    private static void StringArray(BinaryWriter writer, string key, List<string> values)
    {
        String(writer, key);
        writer.Write((uint)ValueType.Array);
        writer.Write((uint)ValueType.String);
        writer.Write((ulong)values.Count);
        values.ForEach(v => String(writer, v));
    }

    private static void FloatArray(BinaryWriter writer, string key, List<float> values)
    {
        String(writer, key);
        writer.Write((uint)ValueType.Array);
        writer.Write((uint)ValueType.F32);
        writer.Write((ulong)values.Count);
        values.ForEach(writer.Write);
    }

    private static void IntArray(BinaryWriter writer, string key, List<int> values)
    {
        String(writer, key);
        writer.Write((uint)ValueType.Array);
        writer.Write((uint)ValueType.I32);
        writer.Write((ulong)values.Count);
        values.ForEach(writer.Write);
    }
}
