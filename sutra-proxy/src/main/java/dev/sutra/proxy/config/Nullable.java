package dev.sutra.proxy.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field, parameter, return value or record component that may be {@code null}. Everything
 * not marked is non-null. (The proxy module does not depend on {@code sutra-api}, whose marker has
 * the same meaning.)
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT,
        ElementType.LOCAL_VARIABLE})
public @interface Nullable {
}
