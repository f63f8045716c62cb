package org.revenge.analytics.internal.store;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.ibatis.reflection.ReflectionException;
import org.apache.ibatis.reflection.factory.DefaultObjectFactory;

/**
 * MyBatis' object factory with the constructors it looks up kept: the default looks the
 * constructor up again for every row, which on a result of a few thousand records (the active
 * users) costs more than reading the rows. The results are records, built by their canonical
 * constructor; a type made without arguments goes to the default.
 */
final class ConstructorCache extends DefaultObjectFactory {

    private static final long serialVersionUID = 1L;

    /** A type's constructor and its parameter types, kept once looked up. */
    private record Known(Constructor<?> constructor, List<Class<?>> parameters) {
    }

    private final transient Map<Class<?>, Known> constructors = new ConcurrentHashMap<>();

    @Override
    public <T> T create(Class<T> type, List<Class<?>> parameterTypes, List<Object> arguments) {
        if (parameterTypes == null || arguments == null || parameterTypes.isEmpty()) {
            return super.create(type, parameterTypes, arguments);
        }
        Known known = constructors.get(type);
        if (known == null || !known.parameters().equals(parameterTypes)) {
            // a type is built by one constructor in practice; another is looked up and kept instead
            known = new Known(find(type, parameterTypes), List.copyOf(parameterTypes));
            constructors.put(type, known);
        }
        try {
            return type.cast(known.constructor().newInstance(arguments.toArray()));
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | IllegalArgumentException e) {
            throw new ReflectionException("Cannot create " + type.getName() + " from " + arguments + ": " + e, e);
        }
    }

    private static Constructor<?> find(Class<?> type, List<Class<?>> parameterTypes) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes.toArray(Class<?>[]::new));
            // as the default does: a record nested in a mapper is not public
            constructor.trySetAccessible();
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new ReflectionException("No constructor " + type.getName() + parameterTypes, e);
        }
    }
}

