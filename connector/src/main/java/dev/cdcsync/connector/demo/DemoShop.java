package dev.cdcsync.connector.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The demo's source database: a small shop and a workload of inserts, updates and deletes in transactions. */
final class DemoShop {

    static final List<String> TABLES = List.of("customers", "products", "orders");

    private DemoShop() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled')");
            st.execute("""
                    CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email varchar(200),
                      signed_up timestamptz NOT NULL DEFAULT now())""");
            st.execute("""
                    CREATE TABLE products (sku varchar(20) PRIMARY KEY, title text NOT NULL, price numeric(10,2) NOT NULL,
                      tags text[], attributes jsonb)""");
            st.execute("""
                    CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, sku varchar(20) NOT NULL,
                      quantity smallint NOT NULL, total numeric(12,2) NOT NULL, status order_status NOT NULL DEFAULT 'new',
                      placed_at timestamp(6) NOT NULL DEFAULT localtimestamp)""");
            st.execute("""
                    INSERT INTO customers (name, email)
                    SELECT 'Customer ' || g, 'customer' || g || '@example.com' FROM generate_series(1, 500) g""");
            st.execute("""
                    INSERT INTO products (sku, title, price, tags, attributes)
                    SELECT 'SKU-' || g, 'Product ' || g, (g % 97) + 0.99, ARRAY['tag' || (g % 5), 'demo'],
                           jsonb_build_object('weight_g', g * 10, 'colour', 'c' || (g % 7))
                    FROM generate_series(1, 100) g""");
            st.execute("""
                    INSERT INTO orders (customer_id, sku, quantity, total)
                    SELECT 1 + g % 500, 'SKU-' || (1 + g % 100), 1 + g % 5, ((g % 90) + 10) * 1.25 FROM generate_series(1, 2000) g""");
        }
    }

    /** One source transaction: a new order, a status change, a price change, sometimes a cancellation removed. */
    static int step(Connection c) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int changes = 0;
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO orders (customer_id, sku, quantity, total) VALUES (?, ?, ?, ?)");
             PreparedStatement pay = c.prepareStatement(
                "UPDATE orders SET status = 'paid' WHERE id = (SELECT id FROM orders WHERE status = 'new' ORDER BY id LIMIT 1)");
             PreparedStatement price = c.prepareStatement("UPDATE products SET price = price + 0.01 WHERE sku = ?");
             PreparedStatement remove = c.prepareStatement(
                "DELETE FROM orders WHERE id = (SELECT id FROM orders WHERE status = 'paid' ORDER BY id LIMIT 1)")) {
            insert.setInt(1, 1 + r.nextInt(500));
            insert.setString(2, "SKU-" + (1 + r.nextInt(100)));
            insert.setInt(3, 1 + r.nextInt(5));
            insert.setBigDecimal(4, java.math.BigDecimal.valueOf(r.nextInt(10_000), 2));
            changes += insert.executeUpdate();
            changes += pay.executeUpdate();
            price.setString(1, "SKU-" + (1 + r.nextInt(100)));
            changes += price.executeUpdate();
            if (r.nextInt(4) == 0) {
                changes += remove.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return changes;
    }
}
