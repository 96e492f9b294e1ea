package org.tpusim.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the classes a compiled {@code .class} file refers to from its constant pool (JVMS 4.4): every
 * {@code CONSTANT_Class} entry, and every class named inside a descriptor or generic signature (field and
 * method types, annotations, lambdas). What the compiler inlined (constant fields) leaves no trace, as in
 * any bytecode-based check.
 */
final class ClassFiles {
    /** A class name inside a descriptor or signature: {@code Lorg/tpusim/model/Phase;} or {@code Ljava/util/List<}. */
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    private ClassFiles() {
    }

    /** One class file: its own name and the names it refers to, both dotted ({@code org.tpusim.model.Phase$1}). */
    record ClassFile(String name, Set<String> references) {
        String packageName() {
            return ClassFiles.packageOf(name);
        }
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** Every class file under {@code classesDir}. */
    static List<ClassFile> readAll(Path classesDir) throws IOException {
        List<ClassFile> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(f)) {
                    out.add(read(in));
                } catch (IOException | RuntimeException e) {
                    throw new IOException("cannot read " + f + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    static ClassFile read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count]; // for a Class entry, the index of its name
        List<Integer> classEntries = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8 (modified UTF-8, as readUTF expects)
                case 7 -> { // Class
                    classNames[i] = in.readUnsignedShort();
                    classEntries.add(classNames[i]);
                }
                case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
                case 3, 4 -> in.readInt(); // Integer, Float
                case 5, 6 -> { // Long, Double take two slots
                    in.readLong();
                    i++;
                }
                case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, NameAndType, Dynamic, InvokeDynamic
                case 15 -> { // MethodHandle
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        String self = dotted(utf8[classNames[in.readUnsignedShort()]]); // this_class
        Set<String> refs = new TreeSet<>();
        for (int nameIndex : classEntries) {
            String n = utf8[nameIndex];
            if (n.startsWith("[")) {
                addDescriptorClasses(n, refs);
            } else {
                refs.add(dotted(n));
            }
        }
        for (String s : utf8) {
            if (s != null) {
                addDescriptorClasses(s, refs);
            }
        }
        refs.remove(self);
        return new ClassFile(self, refs);
    }

    private static void addDescriptorClasses(String s, Set<String> refs) {
        Matcher m = IN_DESCRIPTOR.matcher(s);
        while (m.find()) {
            refs.add(dotted(m.group(1)));
        }
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
